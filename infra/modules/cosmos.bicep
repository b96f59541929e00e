// Azure Cosmos DB for NoSQL: account, database and the containers the server uses.
// Key-based (local) auth is disabled; the web app reaches the data plane with its managed identity
// through the built-in "Cosmos DB Built-in Data Contributor" role.

@description('Name of the Cosmos DB account (3–44 lower-case letters, digits and hyphens; globally unique).')
@minLength(3)
@maxLength(44)
param accountName string

@description('Azure region of the account.')
param location string

@description('Name of the database; the server reads it as COSMOS_DATABASE.')
param databaseName string = 'ideslussen'

@description('Serverless (pay per request, the default) or Autoscale (provisioned throughput shared by the database).')
@allowed([
  'Serverless'
  'Autoscale'
])
param capacityMode string = 'Serverless'

@description('Highest RU/s autoscale may reach when capacityMode is Autoscale (the database scales between 10% of it and it).')
@minValue(1000)
@maxValue(1000000)
param autoscaleMaxThroughput int = 1000

@description('Object ids of the principals (managed identities, operators) that get data-plane read/write access.')
param dataContributorPrincipalIds array

@description('Tags applied to the account.')
param tags object = {}

// Id of the built-in data-plane role "Cosmos DB Built-in Data Contributor".
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

// The containers (partition keys, indexing policies, composite indexes, unique keys) are described
// once, in infra/cosmos-containers.json, which the server also reads when it creates them itself
// (locally, and on a first start in Azure), so the two cannot drift apart.
var containers = loadJsonContent('../cosmos-containers.json').containers

resource account 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: capacityMode == 'Serverless' ? [{ name: 'EnableServerless' }] : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    enableAutomaticFailover: false
    enableFreeTier: false
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2026-03-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: capacityMode == 'Autoscale' ? { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } } : {}
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = [
  for container in containers: {
    parent: database
    name: container.id
    properties: {
      resource: container
    }
  }
]

resource dataContributors 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = [
  for principalId in dataContributorPrincipalIds: {
    parent: account
    name: guid(account.id, string(principalId), dataContributorRoleId)
    properties: {
      roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
      principalId: string(principalId)
      scope: account.id
    }
  }
]

@description('Document endpoint of the account; the server reads it as COSMOS_ENDPOINT.')
output endpoint string = account.properties.documentEndpoint

@description('Name of the database; the server reads it as COSMOS_DATABASE.')
output databaseName string = database.name

@description('Name of the account.')
output accountName string = account.name
