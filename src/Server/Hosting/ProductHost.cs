using Microsoft.DurableTask.Client;
using MusicVideo.Core.Workflow;

namespace MusicVideo.Server.Hosting;

/// <summary>Builds the standalone product: the generic host for CLI jobs, or a client-only view for operator verbs.</summary>
static class ProductHost
{
    /// <summary>The data folder when MV_DATA_DIR is not set.</summary>
    public const string DefaultDataDirectory = "mv-data";

    public static MusicVideoOptions Options() => MusicVideoOptions.FromEnvironment(DefaultDataDirectory);

    /// <summary>A host with the engine worker, for `run`; logs only warnings so the progress display stays readable.</summary>
    public static IHost BuildWorkerHost(MusicVideoOptions options)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("MusicVideo.Durable", LogLevel.Error);
        builder.Logging.AddFilter("DurableTask", LogLevel.Error);
        builder.Services.AddMusicVideo(options).AddDurableTask(options, DurableBackendSettings.FromEnvironment());
        return builder.Build();
    }

    /// <summary>A client over the data folder's store or the task hub (DURABLE_BACKEND) without a worker (operator verbs; a running server picks the changes up).</summary>
    public static Task<(IAsyncDisposable Store, DurableTaskClient Client)> OpenClientAsync(MusicVideoOptions options)
        => DurableBackend.OpenClientAsync(options, DurableBackendSettings.FromEnvironment());
}
