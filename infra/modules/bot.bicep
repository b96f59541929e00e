// Azure Bot registration with the Microsoft Teams channel. The bot identity is either the web app's
// user-assigned managed identity (UserAssignedMSI, no secret anywhere) or a single-tenant Microsoft
// Entra app registration (SingleTenant, its secret kept in Key Vault). Multi-tenant bots are not offered:
// Microsoft no longer allows creating them.

@description('Name (handle) of the Azure Bot resource; globally unique.')
@minLength(2)
@maxLength(64)
param name string

@description('Name users see for the bot in the Azure portal and in Bot Framework.')
param displayName string

@description('Public HTTPS endpoint of the bot, https://<app host>/api/messages.')
param messagingEndpoint string

@description('Bot identity type: UserAssignedMSI (managed identity) or SingleTenant (app registration).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param appType string

@description('Microsoft App ID of the bot: client id of the managed identity or of the app registration.')
param appId string

@description('Microsoft Entra tenant of the bot identity.')
param tenantId string

@description('Resource id of the user-assigned managed identity (UserAssignedMSI only; empty otherwise).')
param msiResourceId string = ''

@description('Pricing tier. Messages in the Teams channel are free on F0.')
@allowed([
  'F0'
  'S1'
])
param sku string = 'F0'

@description('Tags applied to the bot.')
param tags object = {}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  kind: 'azurebot'
  tags: tags
  sku: {
    name: sku
  }
  properties: union(
    {
      displayName: displayName
      endpoint: messagingEndpoint
      msaAppType: appType
      msaAppId: appId
      msaAppTenantId: tenantId
    },
    appType == 'UserAssignedMSI' ? { msaAppMSIResourceId: msiResourceId } : {}
  )
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

// Only Teams may speak for a person. Azure adds Web Chat (and with it a Direct Line site) to a new bot
// by default, and the server would accept tokens endorsed for it; declare both channels here with
// every site switched off, so a deployment never leaves them open.
resource webChat 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'WebChatChannel'
  location: 'global'
  properties: {
    channelName: 'WebChatChannel'
    properties: {
      sites: [
        {
          siteName: 'Default Site'
          isEnabled: false
          isWebchatPreviewEnabled: false
          isBlockUserUploadEnabled: true
        }
      ]
    }
  }
}

resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'Default Site'
          isEnabled: false
          isV1Enabled: false
          isV3Enabled: false
          isSecureSiteEnabled: true
          isBlockUserUploadEnabled: true
        }
      ]
    }
  }
}

@description('Name of the Azure Bot resource.')
output name string = bot.name
