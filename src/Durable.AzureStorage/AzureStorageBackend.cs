using Azure.Core;
using Azure.Identity;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MusicVideo.Durable.AzureStorage;

/// <summary>
/// One process's connection to a task hub: the Durable Task Framework's <see cref="AzureStorageOrchestrationService"/>,
/// shared by this process's worker and clients.
/// </summary>
public sealed class AzureStorageBackend : IAsyncDisposable
{
    readonly SemaphoreSlim _create = new(1, 1);
    bool _created;

    /// <summary>Initializes a new instance of the <see cref="AzureStorageBackend"/> class; nothing is contacted until first use.</summary>
    public AzureStorageBackend(AzureStorageBackendOptions options, ILoggerFactory? loggerFactory = null)
    {
        this.Options = options ?? throw new ArgumentNullException(nameof(options));
        this.Clients = ClientProvider(options);
        var lease = options.LeaseInterval;
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = this.Clients,
            TaskHubName = options.TaskHubName,
            PartitionCount = options.PartitionCount,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            WorkerId = options.WorkerId,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            // DTFx's defaults keep renew and acquire at a third of the lease (10 s of 30 s); shorter leases keep the ratio.
            LeaseInterval = lease,
            LeaseRenewInterval = lease / 3,
            LeaseAcquireInterval = lease / 3,
            WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
        };
        this.Service = new AzureStorageOrchestrationService(settings);
    }

    /// <summary>Gets the settings this backend was built from.</summary>
    public AzureStorageBackendOptions Options { get; }

    /// <summary>Gets the storage clients of the task hub's account, signed in as the orchestration service is.</summary>
    internal StorageAccountClientProvider Clients { get; }

    /// <summary>Gets the Durable Task Framework's orchestration service (and service client) over the task hub.</summary>
    public AzureStorageOrchestrationService Service { get; }

    /// <summary>Creates the task hub's queues, tables and lease container when they do not exist yet (once per process).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellation = default)
    {
        if (Volatile.Read(ref _created))
        {
            return;
        }

        await _create.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                await this.Service.CreateIfNotExistsAsync().ConfigureAwait(false);
                Volatile.Write(ref _created, true);
            }
        }
        finally
        {
            _create.Release();
        }
    }

    /// <summary>Deletes the task hub with all its instances, history and queues (tests and benchmarks use a hub per run).</summary>
    public Task DeleteTaskHubAsync() => this.Service.DeleteAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        this.Service.Dispose();
        _create.Dispose();
        return ValueTask.CompletedTask;
    }

    static StorageAccountClientProvider ClientProvider(AzureStorageBackendOptions options)
    {
        if (options.ConnectionString is { } connection)
        {
            return new StorageAccountClientProvider(connection);
        }

        var blob = options.AccountUrl ?? throw new AzureStorageSettingsException("DURABLE_AZURE_STORAGE_ACCOUNT_URL is not set; the azure-storage backend needs a connection string or an account URL.");
        Uri Service(string kind) => new UriBuilder(blob) { Host = blob.Host.Replace(".blob.", $".{kind}.", StringComparison.OrdinalIgnoreCase) }.Uri;
        // As the Blob media store signs in: managed identity in Azure (AZURE_CLIENT_ID for a user-assigned one), a developer login elsewhere.
        TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });
        return new StorageAccountClientProvider(blob, Service("queue"), Service("table"), credential);
    }
}
