using Microsoft.Extensions.DependencyInjection;
using MusicVideo.Core.Media;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;
using MusicVideo.Core.Storage;
using MusicVideo.Durable;

namespace MusicVideo.Core.Workflow;

/// <summary>Registers the product with dependency injection: media, local providers, local storage, the engine and the workflow.</summary>
public static class MusicVideoServiceCollectionExtensions
{
    /// <summary>Adds the embedded defaults: SQLite engine, local media store, local providers, ffmpeg.</summary>
    public static IServiceCollection AddMusicVideo(this IServiceCollection services, MusicVideoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        var local = new LocalProviderOptions
        {
            WorkDirectory = Path.Combine(options.DataDirectory, "providers"),
            MaxConcurrentRenders = options.MaxConcurrentRenders,
            FailWhenPromptContains = options.FailWhenPromptContains,
            MinimumJobDuration = options.MinimumJobDuration,
        };
        services.AddSingleton(options);
        services.AddSingleton(new FfmpegRunner());
        services.AddSingleton(sp => new MediaProbe(sp.GetRequiredService<FfmpegRunner>()));
        services.AddSingleton(sp => new VideoStitcher(sp.GetRequiredService<FfmpegRunner>()));
        services.AddSingleton(sp => new SongInspector(sp.GetRequiredService<FfmpegRunner>()));
        services.AddSingleton<MediaStore>(new LocalMediaStore(new LocalMediaStoreOptions(Path.Combine(options.DataDirectory, "media"))));
        services.AddSingleton(sp => new MediaImporter(sp.GetRequiredService<MediaStore>(), sp.GetRequiredService<SongInspector>(), options.TempDirectory));
        services.AddSingleton<ScenePlanner, LocalScenePlanner>();
        services.AddSingleton<ClipGenerator>(_ => new LocalClipGenerator(local));
        services.AddSingleton<ImageGenerator>(_ => new LocalImageGenerator(local));
        services.AddDurableTaskEngine(
            new DurableEngineOptions(Path.Combine(options.DataDirectory, "durable.db"))
            {
                Worker = new DurableWorkerOptions { LockFilePath = Path.Combine(options.DataDirectory, "worker.lock") },
            },
            registry => MusicVideoWorkflow.Register(registry));
        return services;
    }
}
