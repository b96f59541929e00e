// The web app's user-assigned managed identity. It reads and writes Cosmos DB (data-plane role),
// resolves Key Vault references, and, when botAppType is UserAssignedMSI, is also the bot's identity.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Client id (application id) of the identity; the server reads it as AZURE_CLIENT_ID.')
output clientId string = identity.properties.clientId

@description('Object id of the identity\'s service principal, used in role assignments.')
output principalId string = identity.properties.principalId

@description('Microsoft Entra tenant of the identity.')
output tenantId string = identity.properties.tenantId
