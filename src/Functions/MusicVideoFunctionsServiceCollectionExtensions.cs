using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MusicVideo.Api;
using MusicVideo.Api.Management;
using MusicVideo.Core.Workflow;

namespace MusicVideo.Functions;

/// <summary>Registers what the Functions app's triggers need: Core's services, the shared API's services and JSON settings.</summary>
public static class MusicVideoFunctionsServiceCollectionExtensions
{
    /// <summary>The data folder when MV_DATA_DIR is not set: local scratch space of the Functions instance.</summary>
    public static string DefaultDataDirectory { get; } = Path.Combine(Path.GetTempPath(), "musicvideo");

    /// <summary>The seed routes' hold under Functions when MV_SEED_HOLD_SECONDS is not set: below Azure's 230 s HTTP limit.</summary>
    public static TimeSpan DefaultSeedHold { get; } = TimeSpan.FromSeconds(200);

    /// <summary>The longest hold under Functions when MV_MAX_HOLD_SECONDS is not set: below Azure's 230 s HTTP limit, whatever a client asks.</summary>
    public static TimeSpan DefaultMaxHold { get; } = TimeSpan.FromSeconds(220);

    /// <summary>Adds Core's services (options from the app settings, which Functions exposes as environment variables) and the API's.</summary>
    public static IServiceCollection AddMusicVideoFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // App settings reach the worker as environment variables, which the configuration includes (as do tests' settings).
        var options = MusicVideoOptions.FromSettings(key => configuration[key], DefaultDataDirectory);

        // Azure's front end ends an HTTP request after 230 s, so unless the operator says otherwise the seed routes
        // answer 202 with the check-status payload before that instead of holding for the standalone default, and no
        // ?wait=N or Prefer: wait=N holds past it (the client gets 202 and polls instead of a dropped connection).
        var holds = LongOperationOptions.FromConfiguration(configuration, new LongOperationOptions { SeedHold = DefaultSeedHold, MaxHold = DefaultMaxHold });
        return services.AddMusicVideoFunctions(options, holds);
    }

    /// <summary>Adds Core's services with the given options, the API's services and the wire JSON settings.</summary>
    public static IServiceCollection AddMusicVideoFunctions(this IServiceCollection services, MusicVideoOptions options, LongOperationOptions holds)
    {
        services.AddSingleton(holds);

        // Activities observe host shutdown, so a draining instance stops ffmpeg renders promptly (the work is retried elsewhere).
        services.AddSingleton(sp => new ActivityCancellation(
            sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None));
        services.AddMusicVideo(options).AddMusicVideoApi();
        services.AddSingleton<ICheckStatusPayloadFactory, FunctionsCheckStatusPayloadFactory>();
        services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        return services;
    }
}
