using MusicVideo.Durable.AzureStorage;

namespace MusicVideo.Server.Hosting;

/// <summary>Which durable backend the standalone host runs on (<c>DURABLE_BACKEND</c>: embedded, the default, or azure-storage).</summary>
/// <param name="AzureStorage">The azure-storage settings; null for the embedded engine.</param>
sealed record DurableBackendSettings(AzureStorageBackendOptions? AzureStorage)
{
    /// <summary>The embedded SQLite engine in the data folder.</summary>
    public static readonly DurableBackendSettings Embedded = new((AzureStorageBackendOptions?)null);

    /// <summary>Gets the backend's name as configured.</summary>
    public string Name => this.AzureStorage is null ? "embedded" : "azure-storage";

    /// <summary>Reads the choice from environment variables.</summary>
    /// <exception cref="StartupException">A setting is missing or invalid (the message names it).</exception>
    public static DurableBackendSettings FromEnvironment() => FromSettings(Environment.GetEnvironmentVariable);

    /// <summary>Reads the choice from any key/value source (environment, <c>IConfiguration</c>).</summary>
    /// <exception cref="StartupException">A setting is missing or invalid (the message names it).</exception>
    public static DurableBackendSettings FromSettings(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        switch (read("DURABLE_BACKEND")?.Trim().ToLowerInvariant())
        {
            case null or "" or "embedded":
                return Embedded;
            case "azure-storage" or "azurestorage":
                try
                {
                    return new DurableBackendSettings(AzureStorageBackendOptions.FromSettings(read));
                }
                catch (AzureStorageSettingsException ex)
                {
                    throw new StartupException(ex.Message, ex);
                }

            case var other:
                throw new StartupException($"DURABLE_BACKEND is '{other}'; set it to embedded (the default, SQLite in MV_DATA_DIR) or azure-storage (a Durable Task Framework task hub in Azure Storage).");
        }
    }
}
