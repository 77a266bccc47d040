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
    public Uri BlobEndpoint => new(_process.Address, "devstoreaccount1");

    /// <summary>A connection string with the account key (so SAS URLs can be signed).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint={BlobEndpoint.AbsoluteUri};";

    public string Output => _process.Output;

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
}
