using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MusicVideo.Core.Media;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;
using MusicVideo.Core.Providers.Replicate;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Workflow;

/// <summary>Registers the workflow's services: media (ffmpeg), storage and the configured providers (local by default).</summary>
/// <remarks>
/// The durable backend is the host's choice: it registers <see cref="MusicVideoWorkflow.Register"/> with its worker
/// (the embedded engine, Durable Functions or Microsoft's test host) and supplies <see cref="ActivityCancellation"/>.
/// </remarks>
public static class MusicVideoServiceCollectionExtensions
{
    /// <summary>Adds the embedded defaults: local media store, local providers, ffmpeg.</summary>
    public static IServiceCollection AddMusicVideo(this IServiceCollection services, MusicVideoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Providers.Video == ProviderChoices.Replicate && options.Providers.Replicate.ReferenceDelivery == ReferenceDelivery.Url
            && options.Storage.Backend == MediaStorageBackend.Local)
        {
            throw new ProviderSettingsException(
                "REPLICATE_REFERENCE_DELIVERY=url needs a cloud media store (STORAGE_BACKEND=s3 or azure) to make presigned URLs from; "
                + "Replicate cannot read the local media folder. Use auto or upload, or move media to S3 or Azure Blob.");
        }

        Directory.CreateDirectory(options.DataDirectory);
        var local = new LocalProviderOptions
        {
            WorkDirectory = options.ProviderWorkDirectory ?? Path.Combine(options.DataDirectory, "providers"),
            MaxConcurrentRenders = options.MaxConcurrentRenders,
            FailWhenPromptContains = options.FailWhenPromptContains,
            FailRetriablyWhenPromptContains = options.FailOnceWhenPromptContains,
            MinimumJobDuration = options.MinimumJobDuration,
        };
        services.AddSingleton(options);
        services.TryAddSingleton(ActivityCancellation.None);
        services.AddSingleton(new FfmpegRunner());
        services.AddSingleton(sp => new MediaProbe(sp.GetRequiredService<FfmpegRunner>()));
        services.AddSingleton(sp => new VideoStitcher(sp.GetRequiredService<FfmpegRunner>()));
        services.AddSingleton(sp => new SongInspector(sp.GetRequiredService<FfmpegRunner>()));
        services.AddSingleton(MediaStoreFactory.Create(options.Storage, Path.Combine(options.DataDirectory, "media"), options.TempDirectory));
        services.AddSingleton(sp => new MediaImporter(sp.GetRequiredService<MediaStore>(), sp.GetRequiredService<SongInspector>(), options.TempDirectory));
        services.AddProviders(options.Providers, local);
        return services;
    }
}
