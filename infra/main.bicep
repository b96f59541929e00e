// Idéslussen on Azure: App Service (Linux, Node 22 LTS), Azure Bot with the Teams channel,
// Cosmos DB for NoSQL (managed identity only), Application Insights + Log Analytics, and a Key Vault
// only when the bot uses a single-tenant app registration (its secret cannot be a managed identity).
//
// Check before you deploy:
//   az bicep build --file infra/main.bicep
//   az deployment group what-if -g <rg> -f infra/main.bicep -p infra/main.parameters.json
// Outputs use the server's configuration variable names (bot/src/config.ts), plus BOT_ID, APP_DOMAIN
// and AZURE_APP_SERVICE_RESOURCE_ID for the Teams manifest and Agents Toolkit.

targetScope = 'resourceGroup'

// ---------- Naming and placement ----------

@description('Short base for resource names, e.g. ideslussen-prod: lower-case letters, digits and hyphens.')
@minLength(3)
@maxLength(16)
param resourceBaseName string

@description('Azure region of all regional resources; swedencentral keeps the data in Sweden.')
param location string = resourceGroup().location

@description('Suffix that makes the globally unique names (web app, Cosmos DB, Key Vault, bot) unique. Defaults to a hash of the resource group id, so it is stable across deployments.')
@minLength(3)
@maxLength(6)
param nameSuffix string = take(uniqueString(resourceGroup().id), 6)

@description('Host name users reach the app on, when a custom domain is bound to the web app (e.g. ideslussen.exempelby.se). Empty means <web app name>.azurewebsites.net.')
param publicHostName string = ''

@description('Tags applied to every resource (e.g. cost centre, förvaltning).')
param tags object = {}

// ---------- App Service ----------

@description('App Service plan SKU. B1 is the smallest with Always On; F1 (free) is for trials only.')
@allowed([
  'F1'
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServicePlanSku string = 'B1'

@description('Number of web app instances. The server is stateless, so instances can be added at any time.')
@minValue(1)
@maxValue(30)
param appServiceInstanceCount int = 1

@description('Server log level (LOG_LEVEL).')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
])
param logLevel string = 'info'

@description('Days Log Analytics and Application Insights keep data.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

// ---------- Bot ----------

@description('Bot identity: UserAssignedMSI uses the web app\'s managed identity (no secret at all); SingleTenant uses a Microsoft Entra app registration whose client secret is kept in Key Vault.')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string = 'UserAssignedMSI'

@description('Client id of the single-tenant bot app registration. Only for botAppType SingleTenant; leave empty otherwise.')
param botAppId string = ''

@description('Client secret of the single-tenant bot app registration. Only for botAppType SingleTenant; stored in Key Vault, never in app settings or outputs.')
@secure()
param botAppPassword string = ''

@description('Microsoft Entra tenant of the bot identity (MicrosoftAppTenantId). Defaults to the deploying tenant.')
param botTenantId string = tenant().tenantId

@description('Display name of the Azure Bot resource.')
@maxLength(42)
param botDisplayName string = 'Idéslussen'

@description('More bot identities, one per other member tenant of a shared sluice: [{ tenantId, appId }], each the client id of a single-tenant app registration made in that tenant. Each gets its own Azure Bot pointing at this web app, and the server gets them all as BOT_APPS. Empty (the default): one bot, the simple case.')
param memberTenantBots array = []

@description('Client secrets of memberTenantBots, keyed by appId: { "<appId>": "<secret>" }. Written to Key Vault only; never in app settings or outputs.')
@secure()
param memberTenantBotPasswords object = {}

@description('Azure Bot pricing tier; the Teams channel is free on F0.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

// ---------- Tab single sign-on and sluice defaults ----------

@description('Client id of the tab\'s SSO app registration (ENTRA_CLIENT_ID). Its Application ID URI must be set to the ENTRA_APP_ID_URI output.')
param entraClientId string

@description('Comma-separated tenant ids whose users may call the tab API (ENTRA_ALLOWED_TENANTS). Empty leaves it to the server\'s default.')
param entraAllowedTenants string = ''

@description('Tenant of the sluice the server creates on first start (DEFAULT_TENANT_ID). Defaults to the deploying tenant.')
param defaultTenantId string = tenant().tenantId

@description('Name of the sluice the server creates on first start (DEFAULT_SLUICE_NAME).')
@maxLength(80)
param defaultSluiceName string = 'Idéslussen'

@description('Comma-separated Entra object ids of the first idea coaches (DEFAULT_COACH_IDS).')
param defaultCoachIds string = ''

@description('The Teams app\'s id (TEAMS_APP_ID): the manifest\'s id, the TEAMS_APP_ID of env/.env.<environment>. The monthly report card\'s button opens the app\'s Statistik tab with it. Empty: the button is the tab\'s web address.')
param teamsAppId string = ''

@description('Whether the server calls Microsoft Graph for department, job title and coach groups (GRAPH_ENABLED). Needs Graph application permissions granted to the managed identity.')
param graphEnabled bool = false

// ---------- Cosmos DB ----------

@description('Cosmos DB capacity: Serverless (pay per request, the default) or Autoscale (provisioned RU/s shared by the database).')
@allowed([
  'Serverless'
  'Autoscale'
])
param cosmosCapacityMode string = 'Serverless'

@description('Highest RU/s for Autoscale capacity (ignored when Serverless).')
@minValue(1000)
@maxValue(1000000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Name of the Cosmos DB database (COSMOS_DATABASE).')
param cosmosDatabaseName string = 'ideslussen'

@description('Object ids of people or groups who also get Cosmos DB data-plane read/write access (e.g. operators running exports). The web app\'s identity always gets it.')
param cosmosOperatorPrincipalIds array = []

// ---------- Names ----------

var base = toLower(resourceBaseName)
var suffix = toLower(nameSuffix)
var identityName = 'id-${base}'
var planName = 'plan-${base}'
var siteName = 'app-${base}-${suffix}'
var cosmosAccountName = 'cosmos-${base}-${suffix}'
// Key Vault names: 3–24 characters, no consecutive hyphens, must not end with one.
var keyVaultName = 'kv-${take(replace(base, '-', ''), 14)}${suffix}'
var workspaceName = 'log-${base}'
var appInsightsName = 'appi-${base}'
var botName = 'bot-${base}-${suffix}'

var useManagedIdentityBot = botAppType == 'UserAssignedMSI'
var hasMemberBots = !empty(memberTenantBots)
// Key Vault holds every bot secret: the main bot's when it is SingleTenant, each member tenant bot's.
var needsKeyVault = !useManagedIdentityBot || hasMemberBots
var appHost = empty(publicHostName) ? '${siteName}.azurewebsites.net' : toLower(publicHostName)
var publicBaseUrl = 'https://${appHost}'
var entraAppIdUri = 'api://${appHost}/${entraClientId}'
var botPasswordSecretName = 'MicrosoftAppPassword'

// ---------- Resources ----------

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: workspaceName
    appInsightsName: appInsightsName
    location: location
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: cosmosAccountName
    location: location
    databaseName: cosmosDatabaseName
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    dataContributorPrincipalIds: concat([identity.outputs.principalId], cosmosOperatorPrincipalIds)
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = if (needsKeyVault) {
  name: 'keyvault'
  params: {
    name: keyVaultName
    location: location
    botPasswordSecretName: botPasswordSecretName
    botAppPassword: useManagedIdentityBot ? '' : botAppPassword
    memberBotPasswords: memberTenantBotPasswords
    readerPrincipalId: identity.outputs.principalId
    tags: tags
  }
}

var microsoftAppId = useManagedIdentityBot ? identity.outputs.clientId : botAppId

// One bot (the simple case): MicrosoftAppId and its type. Several: BOT_APPS lists every identity, the
// main bot first, each member tenant's secret read from its own app setting (a Key Vault reference).
// The server refuses MicrosoftAppId and BOT_APPS together, so exactly one of the two is set.
var memberBotSecretSetting = 'BOT_SECRET_'
var botApps = concat(
  [
    {
      appId: microsoftAppId
      tenantId: botTenantId
      credential: useManagedIdentityBot ? { type: 'managedIdentity' } : { type: 'secret', setting: 'MicrosoftAppPassword' }
    }
  ],
  map(memberTenantBots, b => {
    appId: b.appId
    tenantId: b.tenantId
    credential: { type: 'secret', setting: '${memberBotSecretSetting}${replace(b.appId, '-', '_')}' }
  })
)
var botSettings = hasMemberBots ? { BOT_APPS: string(botApps) } : { MicrosoftAppId: microsoftAppId, MicrosoftAppType: botAppType, MicrosoftAppTenantId: botTenantId }
var memberBotSecretSettings = toObject(
  memberTenantBots,
  b => '${memberBotSecretSetting}${replace(b.appId, '-', '_')}',
  b => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=BotPassword-${b.appId})'
)

// Names are exactly the server's configuration variables (see bot/src/config.ts and .env.example).
// COSMOS_KEY is deliberately absent: Cosmos DB is reached with the managed identity (AZURE_CLIENT_ID).
var requiredSettings = {
  PORT: '8080'
  HOST: '0.0.0.0'
  NODE_ENV: 'production'
  LOG_LEVEL: logLevel
  PUBLIC_BASE_URL: publicBaseUrl
  COSMOS_ENDPOINT: cosmos.outputs.endpoint
  COSMOS_DATABASE: cosmos.outputs.databaseName
  AZURE_CLIENT_ID: identity.outputs.clientId
  ENTRA_CLIENT_ID: entraClientId
  ENTRA_APP_ID_URI: entraAppIdUri
  DEFAULT_TENANT_ID: defaultTenantId
  DEFAULT_SLUICE_NAME: defaultSluiceName
  GRAPH_ENABLED: graphEnabled ? 'true' : 'false'
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.APPLICATIONINSIGHTS_CONNECTION_STRING
  // App Service platform settings: the package is built before deployment and run as uploaded.
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
  WEBSITE_RUN_FROM_PACKAGE: '1'
}

var optionalSettings = union(
  empty(entraAllowedTenants) ? {} : { ENTRA_ALLOWED_TENANTS: entraAllowedTenants },
  empty(defaultCoachIds) ? {} : { DEFAULT_COACH_IDS: defaultCoachIds },
  empty(teamsAppId) ? {} : { TEAMS_APP_ID: teamsAppId },
  // A Key Vault reference, resolved by App Service with the web app's identity; the secret itself never appears here.
  useManagedIdentityBot
    ? {}
    : { MicrosoftAppPassword: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${botPasswordSecretName})' }
)

module webApp 'modules/webapp.bicep' = {
  name: 'webapp'
  dependsOn: [
    keyVault
  ]
  params: {
    planName: planName
    siteName: siteName
    location: location
    sku: appServicePlanSku
    instanceCount: appServiceInstanceCount
    identityId: identity.outputs.id
    appSettings: union(requiredSettings, botSettings, optionalSettings, memberBotSecretSettings)
    tags: tags
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: botName
    displayName: botDisplayName
    messagingEndpoint: '${publicBaseUrl}/api/messages'
    appType: botAppType
    appId: microsoftAppId
    tenantId: botTenantId
    msiResourceId: useManagedIdentityBot ? identity.outputs.id : ''
    sku: botSku
    tags: tags
  }
}

// One Azure Bot per other member tenant, each with that tenant's single-tenant registration and the
// same messaging endpoint: the server tells them apart by the app id a token is for (BOT_APPS).
module memberBots 'modules/bot.bicep' = [
  for (b, i) in memberTenantBots: {
    name: 'bot-member-${i + 1}'
    params: {
      name: take('${botName}-t${i + 1}', 64)
      displayName: botDisplayName
      messagingEndpoint: '${publicBaseUrl}/api/messages'
      appType: 'SingleTenant'
      appId: b.appId
      tenantId: b.tenantId
      sku: botSku
      tags: tags
    }
  }
]

// ---------- Outputs: the server's configuration (no secrets) ----------

@description('PUBLIC_BASE_URL of the server.')
output PUBLIC_BASE_URL string = publicBaseUrl

@description('COSMOS_ENDPOINT of the server.')
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint

@description('COSMOS_DATABASE of the server.')
output COSMOS_DATABASE string = cosmos.outputs.databaseName

@description('AZURE_CLIENT_ID: client id of the managed identity the server uses for Cosmos DB.')
output AZURE_CLIENT_ID string = identity.outputs.clientId

@description('MicrosoftAppId: the bot\'s app id.')
output MicrosoftAppId string = microsoftAppId

@description('BOT_APPS: every bot identity (app id, tenant, where its secret is read from; no secret), or empty with one bot.')
output BOT_APPS string = hasMemberBots ? string(botApps) : ''

@description('MicrosoftAppType: UserAssignedMSI or SingleTenant.')
output MicrosoftAppType string = botAppType

@description('MicrosoftAppTenantId: tenant of the bot identity.')
output MicrosoftAppTenantId string = botTenantId

@description('ENTRA_CLIENT_ID: the tab SSO app registration.')
output ENTRA_CLIENT_ID string = entraClientId

@description('ENTRA_APP_ID_URI: set this as the Application ID URI of the tab SSO app registration.')
output ENTRA_APP_ID_URI string = entraAppIdUri

@description('DEFAULT_TENANT_ID of the server.')
output DEFAULT_TENANT_ID string = defaultTenantId

@description('APPLICATIONINSIGHTS_CONNECTION_STRING of the server (not a secret, see modules/monitoring.bicep).')
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.APPLICATIONINSIGHTS_CONNECTION_STRING

// ---------- Outputs for the Teams manifest (env/.env.<name>) and Agents Toolkit ----------

@description('BOT_ID placeholder of manifest/manifest.json (same value as MicrosoftAppId).')
output BOT_ID string = microsoftAppId

@description('APP_DOMAIN placeholder of manifest/manifest.json: host of the bot and the tab.')
output APP_DOMAIN string = appHost

@description('Resource id of the web app; Agents Toolkit\'s azureAppService/zipDeploy deploys to it.')
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.outputs.id
