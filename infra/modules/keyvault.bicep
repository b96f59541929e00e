// Key Vault, only for what cannot use a managed identity: the client secrets of SingleTenant bot
// app registrations (MicrosoftAppPassword, and one per member tenant's bot). The web app reads it through a Key Vault reference,
// resolved with its user-assigned identity, which gets "Key Vault Secrets User" on this vault only.

@description('Name of the Key Vault (3–24 letters, digits and hyphens; globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Name of the secret that holds the bot app registration\'s client secret.')
param botPasswordSecretName string = 'MicrosoftAppPassword'

@description('Client secret of the bot app registration; empty when the main bot is a managed identity. Written to the vault; never an output.')
@secure()
param botAppPassword string = ''

@description('Client secrets of the member tenants\' bot registrations, keyed by app id; each becomes the secret BotPassword-<app id>. Never an output.')
@secure()
param memberBotPasswords object = {}

@description('Object id of the managed identity that may read secrets (the web app\'s identity).')
param readerPrincipalId string

@description('Tags applied to the vault.')
param tags object = {}

// Id of the built-in Azure role "Key Vault Secrets User".
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource botPassword 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(botAppPassword)) {
  parent: vault
  name: botPasswordSecretName
  properties: {
    value: botAppPassword
    contentType: 'Bot Framework app registration client secret'
  }
}

resource memberBotPassword 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = [
  for item in items(memberBotPasswords): {
    parent: vault
    name: 'BotPassword-${item.key}'
    properties: {
      value: item.value
      contentType: 'Bot Framework app registration client secret (member tenant)'
    }
  }
]

resource readerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, readerPrincipalId, secretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the vault, for the web app\'s Key Vault reference.')
output vaultName string = vault.name
