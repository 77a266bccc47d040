using MusicVideo.Api.Management;
using MusicVideo.Api.Workflow;

namespace MusicVideo.Api;

/// <summary>Registers the HTTP surface's services, for every host that maps the product routes.</summary>
public static class MusicVideoApiServiceCollectionExtensions
{
    /// <summary>Adds the management API's product hooks: input checks for product orchestrations and provider-job cancellation on terminate.</summary>
    public static IServiceCollection AddMusicVideoApi(this IServiceCollection services)
    {
        services.AddSingleton<OrchestrationInputValidator, MusicVideoInputValidator>();
        services.AddSingleton<ProviderJobCanceller>();
        services.AddSingleton<TerminationObserver>(sp => sp.GetRequiredService<ProviderJobCanceller>());
        services.AddSingleton<TerminatedJobSweeper>();
        return services;
    }
}
