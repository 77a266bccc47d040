using System.Text.RegularExpressions;

namespace MusicVideo.Tests.Shared.Storage;

/// <summary>Azurite's Blob service (npm azurite 3.37) on 127.0.0.1, telemetry off, a free port and its own folder.</summary>
sealed partial class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    readonly EmulatorProcess _process;

    Azurite(EmulatorProcess process) => _process = process;

    /// <summary>The Blob endpoint, http://127.0.0.1:PORT/devstoreaccount1.</summary>
    public Uri BlobEndpoint => new(_process.Services.TryGetValue("Blob", out var blob) ? blob : _process.Address, "devstoreaccount1");

    /// <summary>A connection string with the account key (so SAS URLs can be signed).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint={BlobEndpoint.AbsoluteUri};";

    public string Output => _process.Output;

    /// <summary>The Azurite process id.</summary>
    public int Pid => _process.Pid;

    /// <summary>Whether the Queue and Table services run too (the azure-storage durable backend needs all three).</summary>
    public bool HasQueuesAndTables => _process.Services.ContainsKey("Queue") && _process.Services.ContainsKey("Table");

    /// <summary>A connection string for the Blob, Queue and Table services (Azurite started with <c>queuesAndTables</c>).</summary>
    public string AccountConnectionString => HasQueuesAndTables
        ? $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint={BlobEndpoint.AbsoluteUri};"
            + $"QueueEndpoint={new Uri(_process.Services["Queue"], "devstoreaccount1").AbsoluteUri};TableEndpoint={new Uri(_process.Services["Table"], "devstoreaccount1").AbsoluteUri};"
        : throw new InvalidOperationException("This Azurite runs the Blob service only; start it with queuesAndTables: true.");

    /// <summary>Starts Azurite's Blob, Queue and Table services in one process.</summary>
    public static async Task<Azurite> StartAllAsync()
    {
        string modules = EmulatorProcess.ModulesDirectory();
        var process = await EmulatorProcess.StartAsync(
            "azurite",
            Path.Combine(modules, "azurite", "dist", "src", "azurite.js"),
            directory => ["--blobHost", "127.0.0.1", "--blobPort", "0", "--queueHost", "127.0.0.1", "--queuePort", "0", "--tableHost", "127.0.0.1", "--tablePort", "0",
                "--location", directory, "--silent", "--disableTelemetry", "--skipApiVersionCheck"],
            AllListening(),
            services: 3);
        return new Azurite(process);
    }

    public static async Task<Azurite> StartAsync()
    {
        string modules = EmulatorProcess.ModulesDirectory();
        var process = await EmulatorProcess.StartAsync(
            "azurite",
            Path.Combine(modules, "azurite", "dist", "src", "blob", "main.js"),
            directory => ["--blobHost", "127.0.0.1", "--blobPort", "0", "--location", directory, "--silent", "--disableTelemetry", "--skipApiVersionCheck"],
            Listening());
        return new Azurite(process);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"successfully listens on (?<address>http://\S+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<address>http://\S+)")]
    private static partial Regex AllListening();
}
