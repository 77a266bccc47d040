// The MusicVideo Azure Functions app: its container image on an Elastic Premium (Linux) plan, the storage account
// holding the Durable task hub and the media container, Application Insights, a user-assigned managed identity with
// the data-plane roles it needs (no storage keys in app settings), and a Key Vault whose secrets the app reads through
// Key Vault references.

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Short lowercase prefix of the resource names (3-11 letters or digits).')
@minLength(3)
@maxLength(11)
param baseName string = 'musicvideo'

@description('Image of the Functions app in the registry below, as repository:tag (built from the repository\'s Dockerfile).')
param imageName string = 'musicvideo-functions:latest'

@description('Elastic Premium plan size: EP1, EP2 or EP3 (custom containers need Premium or Dedicated).')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param planSku string = 'EP1'

@description('Most instances the plan scales out to.')
@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int = 10

@description('Storage account redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
param storageSku string = 'Standard_LRS'

@description('Durable Functions task hub name (letters and digits, starting with a letter).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'musicvideo'

@description('Blob container of the media (clips, songs, character references, videos).')
param mediaContainerName string = 'media'

@description('Provider secrets: app setting name and the Key Vault secret that holds its value (the secrets are set in the vault, not here).')
param providerSecrets array = []

@description('Tags on every resource.')
param tags object = {
  application: 'musicvideo'
}

var suffix = uniqueString(resourceGroup().id, baseName)
var storageName = take('${baseName}${suffix}', 24)
var vaultName = take('${baseName}-kv-${suffix}', 24)
var registryName = take('${baseName}acr${suffix}', 50)

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-id'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  tags: tags
  sku: {
    name: storageSku
  }
  kind: 'StorageV2'
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource mediaContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: mediaContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [
    roles.storageBlobDataOwner
    roles.storageQueueDataContributor
    roles.storageTableDataContributor
  ]: {
    name: guid(storage.id, identity.id, role)
    scope: storage
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
  }
}

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: registryName
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
  }
}

resource registryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, roles.acrPull)
  scope: registry
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.acrPull)
  }
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${baseName}-logs'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${baseName}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${baseName}-plan'
  location: location
  tags: tags
  kind: 'elastic'
  sku: {
    tier: 'ElasticPremium'
    name: planSku
  }
  properties: {
    reserved: true
    maximumElasticWorkerCount: maximumElasticWorkerCount
  }
}

// Identity-based connections (<name>__accountName / __credential / __clientId) instead of connection strings with keys.
var providerSettings = [
  for secret in providerSecrets: {
    name: secret.setting
    value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${secret.secretName})'
  }
]

var appSettings = concat(
  [
    {
      name: 'AzureWebJobsStorage__accountName'
      value: storage.name
    }
    {
      name: 'AzureWebJobsStorage__credential'
      value: 'managedidentity'
    }
    {
      name: 'AzureWebJobsStorage__clientId'
      value: identity.properties.clientId
    }
    {
      name: 'MV_DURABLE_STORAGE__accountName'
      value: storage.name
    }
    {
      name: 'MV_DURABLE_STORAGE__credential'
      value: 'managedidentity'
    }
    {
      name: 'MV_DURABLE_STORAGE__clientId'
      value: identity.properties.clientId
    }
    {
      name: 'FUNCTIONS_EXTENSION_VERSION'
      value: '~4'
    }
    {
      name: 'FUNCTIONS_WORKER_RUNTIME'
      value: 'dotnet-isolated'
    }
    {
      name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE'
      value: 'false'
    }
    {
      name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
      value: insights.properties.ConnectionString
    }
    {
      name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
      value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
    }
    {
      name: 'MV_TASK_HUB'
      value: taskHubName
    }
    {
      name: 'MV_DATA_DIR'
      value: '/tmp/musicvideo'
    }
    {
      name: 'STORAGE_BACKEND'
      value: 'azure'
    }
    {
      name: 'STORAGE_BUCKET'
      value: mediaContainer.name
    }
    {
      name: 'AZURE_STORAGE_ACCOUNT_URL'
      value: storage.properties.primaryEndpoints.blob
    }
    {
      name: 'AZURE_CLIENT_ID'
      value: identity.properties.clientId
    }
  ],
  providerSettings
)

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: '${baseName}-${suffix}'
  location: location
  tags: tags
  kind: 'functionapp,linux,container'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOCKER|${registry.properties.loginServer}/${imageName}'
      acrUseManagedIdentityCreds: true
      acrUserManagedIdentityID: identity.properties.clientId
      alwaysOn: false
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: appSettings
    }
  }
  dependsOn: [
    storageRoles
    vaultRole
    registryRole
  ]
}

@description('The app\'s host name (the product routes are under https://<host>/api/mv/...).')
output appHostName string = app.properties.defaultHostName

@description('Registry to push the image to.')
output registryLoginServer string = registry.properties.loginServer

@description('Key Vault to put provider secrets in.')
output keyVaultName string = vault.name

@description('Storage account of the task hub and the media container.')
output storageAccountName string = storage.name
