using 'main.bicep'

// Example parameters; deploy with: az deployment group create -g <group> -f infra/main.bicep -p infra/main.bicepparam
param baseName = 'musicvideo'
param planSku = 'EP1'
param maximumElasticWorkerCount = 10
param taskHubName = 'musicvideo'
param imageName = 'musicvideo-functions:latest'
param providerSecrets = []
