// App Service plan (Linux) and the web app that runs the Idéslussen server: the bot endpoint
// (/api/messages), the tab's API (/api/*), the built tab (/tab/) and the health probe (/healthz).
// The server is stateless (all state is in Cosmos DB), so the plan can run several instances.

@description('Name of the App Service plan.')
param planName string

@description('Name of the web app; its default host is <name>.azurewebsites.net (globally unique).')
param siteName string

@description('Azure region of the plan and the web app.')
param location string

@description('App Service plan SKU. F1 (free) has no Always On and one instance; use B1 or higher in production.')
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
param sku string = 'B1'

@description('Number of instances (scale-out). The server keeps no state in memory, so any number works.')
@minValue(1)
@maxValue(30)
param instanceCount int = 1

@description('Resource id of the user-assigned managed identity the web app runs as.')
param identityId string

@description('Application settings (environment variables of the server), by name. Values must not be secrets, except Key Vault references.')
param appSettings object

@description('Tags applied to the plan and the web app.')
param tags object = {}

// Free and shared plans cannot keep the app warm.
var alwaysOn = !contains(['F1', 'D1'], sku)

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: sku
    capacity: sku == 'F1' ? 1 : instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Instances share nothing, so requests need not stick to one instance.
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      // Runs the built server (node dist/bot/src/index.js), not a development start script.
      appCommandLine: 'npm run serve'
      alwaysOn: alwaysOn
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      webSocketsEnabled: false
    }
  }
}

// App settings are a child resource so the whole set is replaced on every deployment
// (settings removed from Bicep disappear from the app too).
resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettings
}

@description('Default host name of the web app, without scheme.')
output defaultHostName string = site.properties.defaultHostName

@description('Resource id of the web app (Agents Toolkit deploys to it).')
output id string = site.id

@description('Name of the web app.')
output name string = site.name
