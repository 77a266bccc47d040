using System.Globalization;
using System.Text.RegularExpressions;

namespace MusicVideo.Durable.AzureStorage;

/// <summary>
/// Settings of the azure-storage backend (the Durable Task Framework's Azure Storage provider): the account, the task hub,
/// its partitions and this worker's concurrency, read from <c>DURABLE_*</c> variables.
/// </summary>
public sealed partial record AzureStorageBackendOptions
{
    /// <summary>The task hub when <c>DURABLE_TASK_HUB</c> is not set.</summary>
    public const string DefaultTaskHub = "musicvideo";

    /// <summary>Gets the storage connection string (<c>DURABLE_AZURE_STORAGE_CONNECTION_STRING</c>, else <c>AZURE_STORAGE_CONNECTION_STRING</c>).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Gets the Blob service URL of the account (<c>DURABLE_AZURE_STORAGE_ACCOUNT_URL</c>, else <c>AZURE_STORAGE_ACCOUNT_URL</c>), signed in with managed identity.</summary>
    public Uri? AccountUrl { get; init; }

    /// <summary>Gets the client id of a user-assigned managed identity (<c>AZURE_CLIENT_ID</c>); null uses the system-assigned one.</summary>
    public string? ClientId { get; init; }

    /// <summary>Gets the task hub name (<c>DURABLE_TASK_HUB</c>): every process on the same hub shares its instances and work.</summary>
    public string TaskHubName { get; init; } = DefaultTaskHub;

    /// <summary>Gets the number of control-queue partitions (<c>DURABLE_PARTITION_COUNT</c>, 1-16, default 4); fixed when the hub is created.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>Gets how many activities this process runs at once (<c>DURABLE_MAX_CONCURRENT_ACTIVITIES</c>, default 10).</summary>
    public int MaxConcurrentActivities { get; init; } = 10;

    /// <summary>Gets how many orchestration episodes this process runs at once (<c>DURABLE_MAX_CONCURRENT_ORCHESTRATIONS</c>, default 100).</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 100;

    /// <summary>Gets this worker's identity in partition leases (<c>DURABLE_WORKER_ID</c>; default: host name and process id, so two processes on one machine are two workers).</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Gets the longest pause between polls of an idle queue (<c>DURABLE_MAX_QUEUE_POLLING_SECONDS</c>, default 10; DTFx backs off up to it).</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how long a partition lease lasts without renewal (<c>DURABLE_LEASE_SECONDS</c>, default 30): a crashed worker's partitions move after it.</summary>
    public TimeSpan LeaseInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets how long a taken activity stays hidden from other workers (<c>DURABLE_WORK_ITEM_VISIBILITY_SECONDS</c>, default 60;
    /// DTFx's is 5 minutes): a live worker renews it every 30 s, so this is how soon a dead worker's activities run elsewhere.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets how long orchestration messages a worker took from its control queues stay hidden (<c>DURABLE_CONTROL_QUEUE_VISIBILITY_SECONDS</c>,
    /// default 60; DTFx's is 5 minutes): a live worker renews them while an episode runs, so this is how soon a dead worker's jobs resume elsewhere.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Reads and validates the settings from environment variables.</summary>
    /// <exception cref="AzureStorageSettingsException">A setting is missing or invalid (the message names it).</exception>
    public static AzureStorageBackendOptions FromEnvironment() => FromSettings(Environment.GetEnvironmentVariable);

    /// <summary>Reads and validates the settings from any key/value source (environment, <c>IConfiguration</c>).</summary>
    /// <exception cref="AzureStorageSettingsException">A setting is missing or invalid (the message names it).</exception>
    public static AzureStorageBackendOptions FromSettings(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        string? Get(string name) => read(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        string? connection = Get("DURABLE_AZURE_STORAGE_CONNECTION_STRING");
        string? url = Get("DURABLE_AZURE_STORAGE_ACCOUNT_URL");
        string connectionName = "DURABLE_AZURE_STORAGE_CONNECTION_STRING", urlName = "DURABLE_AZURE_STORAGE_ACCOUNT_URL";
        if (connection is null && url is null)
        {
            // The media store's account serves the task hub too unless the durable one is named.
            (connection, url, connectionName, urlName) = (Get("AZURE_STORAGE_CONNECTION_STRING"), Get("AZURE_STORAGE_ACCOUNT_URL"), "AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_ACCOUNT_URL");
        }

        if (connection is null && url is null)
        {
            throw new AzureStorageSettingsException(
                "DURABLE_AZURE_STORAGE_CONNECTION_STRING or DURABLE_AZURE_STORAGE_ACCOUNT_URL is not set; DURABLE_BACKEND=azure-storage needs the storage account "
                + "of the task hub (a connection string, or the Blob URL https://ACCOUNT.blob.core.windows.net to sign in with managed identity).");
        }

        Uri? accountUrl = null;
        if (connection is null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out accountUrl) || accountUrl.Scheme is not ("https" or "http") || !accountUrl.Host.Contains(".blob.", StringComparison.OrdinalIgnoreCase))
            {
                throw new AzureStorageSettingsException($"{urlName} is '{url}'; set it to the account's Blob service URL, e.g. https://ACCOUNT.blob.core.windows.net.");
            }
        }
        else if (!connection.Contains("AccountName=", StringComparison.OrdinalIgnoreCase) && !connection.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            throw new AzureStorageSettingsException($"{connectionName} is not a storage connection string; it needs AccountName=…;AccountKey=… (or UseDevelopmentStorage=true for Azurite).");
        }

        string hub = Get("DURABLE_TASK_HUB") ?? DefaultTaskHub;
        if (!TaskHubPattern().IsMatch(hub))
        {
            throw new AzureStorageSettingsException(
                $"DURABLE_TASK_HUB is '{hub}'; a task hub name is 3-45 letters and digits starting with a letter (it names the hub's queues, tables and container).");
        }

        return new AzureStorageBackendOptions
        {
            ConnectionString = connection,
            AccountUrl = accountUrl,
            ClientId = Get("AZURE_CLIENT_ID"),
            TaskHubName = hub,
            PartitionCount = Int(Get("DURABLE_PARTITION_COUNT"), "DURABLE_PARTITION_COUNT", 4, 1, 16),
            MaxConcurrentActivities = Int(Get("DURABLE_MAX_CONCURRENT_ACTIVITIES"), "DURABLE_MAX_CONCURRENT_ACTIVITIES", 10, 1, 1000),
            MaxConcurrentOrchestrations = Int(Get("DURABLE_MAX_CONCURRENT_ORCHESTRATIONS"), "DURABLE_MAX_CONCURRENT_ORCHESTRATIONS", 100, 1, 1000),
            WorkerId = Get("DURABLE_WORKER_ID") ?? $"{Environment.MachineName}-{Environment.ProcessId}",
            MaxQueuePollingInterval = TimeSpan.FromSeconds(Int(Get("DURABLE_MAX_QUEUE_POLLING_SECONDS"), "DURABLE_MAX_QUEUE_POLLING_SECONDS", 10, 1, 60)),
            LeaseInterval = TimeSpan.FromSeconds(Int(Get("DURABLE_LEASE_SECONDS"), "DURABLE_LEASE_SECONDS", 30, 5, 300)),
            WorkItemVisibilityTimeout = TimeSpan.FromSeconds(Int(Get("DURABLE_WORK_ITEM_VISIBILITY_SECONDS"), "DURABLE_WORK_ITEM_VISIBILITY_SECONDS", 60, 45, 3600)),
            // DTFx renews an episode's messages at most 30 s and at least 5 s before they reappear; 15 s leaves room for one late renewal.
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(Int(Get("DURABLE_CONTROL_QUEUE_VISIBILITY_SECONDS"), "DURABLE_CONTROL_QUEUE_VISIBILITY_SECONDS", 60, 15, 3600)),
        };
    }

    static int Int(string? value, string name, int fallback, int min, int max)
    {
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new AzureStorageSettingsException($"{name} is '{value}'; set it to a whole number from {min} to {max}.");
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubPattern();
}
