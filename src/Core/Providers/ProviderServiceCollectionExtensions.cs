using Microsoft.Extensions.DependencyInjection;
using MusicVideo.Core.Providers.Local;

namespace MusicVideo.Core.Providers;

/// <summary>Registers the provider of each step chosen by <see cref="ProvidersOptions"/>: the one place where provider names become classes.</summary>
public static class ProviderServiceCollectionExtensions
{
    /// <summary>Adds the <see cref="ScenePlanner"/>, <see cref="ImageGenerator"/> and <see cref="ClipGenerator"/> the options choose.</summary>
    /// <exception cref="ProviderSettingsException">A chosen provider is missing a setting.</exception>
    public static IServiceCollection AddProviders(this IServiceCollection services, ProvidersOptions providers, LocalProviderOptions local)
    {
        ArgumentNullException.ThrowIfNull(providers);
        providers.Validate();
        services.AddSingleton(providers);

        switch (providers.Scene)
        {
            case ProviderChoices.Local:
                services.AddSingleton<ScenePlanner, LocalScenePlanner>();
                break;

            // Helper "gemini": case ProviderChoices.Gemini / ProviderChoices.OpenAI register their planners here.
            default:
                throw NotAvailable("SCENE_PROVIDER", providers.Scene);
        }

        switch (providers.Image)
        {
            case ProviderChoices.Local:
                services.AddSingleton<ImageGenerator>(_ => new LocalImageGenerator(local));
                break;
            default:
                throw NotAvailable("IMAGE_PROVIDER", providers.Image);
        }

        switch (providers.Video)
        {
            case ProviderChoices.Local:
                services.AddSingleton<ClipGenerator>(_ => new LocalClipGenerator(local));
                break;

            // Helper "gemini": case ProviderChoices.Veo registers the Veo clip generator here.
            default:
                throw NotAvailable("VIDEO_PROVIDER", providers.Video);
        }

        return services;
    }

    static ProviderSettingsException NotAvailable(string variable, string value) =>
        new($"{variable}={value} is not available in this build; use local.");
}
