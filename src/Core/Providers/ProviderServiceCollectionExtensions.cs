using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using MusicVideo.Core.Providers.Gemini;
using MusicVideo.Core.Providers.Http;
using MusicVideo.Core.Providers.Local;
using MusicVideo.Core.Providers.OpenAI;
using MusicVideo.Core.Providers.Replicate;
using MusicVideo.Core.Providers.Scenes;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Providers;

/// <summary>Registers the provider of each step chosen by <see cref="ProvidersOptions"/>: the one place where provider names become classes.</summary>
public static class ProviderServiceCollectionExtensions
{
    /// <summary>Adds the <see cref="ScenePlanner"/>, <see cref="ImageGenerator"/> and <see cref="ClipGenerator"/> the options choose.</summary>
    /// <exception cref="ProviderSettingsException">A chosen provider is missing a setting.</exception>
    public static IServiceCollection AddProviders(this IServiceCollection services, ProvidersOptions providers, LocalProviderOptions local)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(local);
        providers.Validate();
        services.AddSingleton(providers);

        // Read now, so a bad price file stops start-up rather than the first job.
        var tokenPrices = providers.Scene != ProviderChoices.Local && providers.ScenePricesFile is { } pricesFile
            ? TokenPriceTable.FromFile(pricesFile)
            : TokenPriceTable.Default;
        // Registered for every scene provider: the workflow reads what a failed plan spent from it (nothing, for local templates).
        var sceneCalls = new SceneCallLedger(Path.Combine(local.WorkDirectory, "scene-calls"));
        services.AddSingleton(sceneCalls);
        switch (providers.Scene)
        {
            case ProviderChoices.Local:
                services.AddSingleton<ScenePlanner, LocalScenePlanner>();
                break;

            case ProviderChoices.Gemini:
                var geminiScenes = RequireGemini(providers);
                // Thinking models take a minute or more for a plan: the scene client's attempts get the scene timeout.
                services.AddProviderHttpClient(
                    GeminiScenesClientName, geminiScenes.BaseUrl,
                    providers.Http with { AttemptTimeout = geminiScenes.SceneTimeout, TotalTimeout = geminiScenes.SceneTimeout * 2 });
                services.AddSingleton<ScenePlanner>(sp => new GeminiScenePlanner(
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(GeminiScenesClientName), geminiScenes, tokenPrices, sceneCalls));
                break;

            case ProviderChoices.OpenAI:
                var openAI = providers.OpenAI ?? throw new ProviderSettingsException("SCENE_PROVIDER=openai needs the OPENAI_* settings.");
                services.AddProviderHttpClient(OpenAIClientName, openAI.BaseUrl, providers.Http with { AttemptTimeout = openAI.Timeout, TotalTimeout = openAI.Timeout * 2 });
                services.AddSingleton<ScenePlanner>(sp => new OpenAICompatibleScenePlanner(
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAIClientName), openAI, tokenPrices, sceneCalls));
                break;

            default:
                throw NotAvailable("SCENE_PROVIDER", providers.Scene);
        }

        switch (providers.Image)
        {
            case ProviderChoices.Local:
                services.AddSingleton<ImageGenerator>(_ => new LocalImageGenerator(local));
                break;
            case ProviderChoices.Replicate:
                AddReplicate(services, providers, local);
                services.AddSingleton<ImageGenerator>(sp => new ReplicateImageGenerator(sp.GetRequiredService<ReplicatePredictions>(), providers.Replicate, sp.GetRequiredService<ReplicatePriceTable>()));
                break;
            default:
                throw NotAvailable("IMAGE_PROVIDER", providers.Image);
        }

        switch (providers.Video)
        {
            case ProviderChoices.Local:
                services.AddSingleton<ClipGenerator>(_ => new LocalClipGenerator(local));
                break;

            case ProviderChoices.Veo:
                var veo = RequireGemini(providers);
                services.AddProviderHttpClient(VeoClientName, veo.BaseUrl, providers.Http);
                services.AddSingleton<ClipGenerator>(sp => new VeoClipGenerator(
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(VeoClientName), veo, local.WorkDirectory));
                break;

            case ProviderChoices.Replicate:
                AddReplicate(services, providers, local);
                services.AddSingleton<ClipGenerator>(sp =>
                {
                    // auto: presigned URLs when the store is in the cloud; url on a local store is refused at start-up (MusicVideoServiceCollectionExtensions).
                    var store = sp.GetService<MediaStore>();
                    bool byUrl = providers.Replicate.ReferenceDelivery == ReferenceDelivery.Url
                        || (providers.Replicate.ReferenceDelivery == ReferenceDelivery.Auto && store is CloudMediaStore);
                    return new ReplicateClipGenerator(
                        sp.GetRequiredService<ReplicatePredictions>(), providers.Replicate, sp.GetRequiredService<ReplicatePriceTable>(), byUrl ? store : null);
                });
                break;
            default:
                throw NotAvailable("VIDEO_PROVIDER", providers.Video);
        }

        return services;
    }

    const string GeminiScenesClientName = "gemini-scenes";
    const string VeoClientName = "gemini-veo";
    const string OpenAIClientName = "openai";

    static GeminiOptions RequireGemini(ProvidersOptions providers) =>
        providers.Gemini ?? throw new ProviderSettingsException("GEMINI_API_KEY is not set; the Gemini providers need a Gemini API key.");

    static void AddReplicate(IServiceCollection services, ProvidersOptions providers, LocalProviderOptions local)
    {
        if (services.Any(d => d.ServiceType == typeof(ReplicatePredictions)))
        {
            return;
        }

        var options = providers.Replicate;
        // Read now, so a bad price file stops start-up rather than the first job.
        var prices = options.PricesFile is { } file ? ReplicatePriceTable.FromFile(file) : ReplicatePriceTable.Default;
        services.AddSingleton(options);
        services.AddSingleton(prices);
        services.AddProviderHttpClient(ReplicateApi.ApiClientName, options.BaseUrl, providers.Http, client =>
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiToken));
        services.AddProviderHttpClient(ReplicateApi.FilesClientName, options.BaseUrl, providers.Http with { AttemptTimeout = TimeSpan.FromMinutes(5), TotalTimeout = TimeSpan.FromMinutes(10) });
        services.AddSingleton(sp => new ReplicateApi(sp.GetRequiredService<IHttpClientFactory>(), options));
        services.AddSingleton(new ReplicatePredictionStore(Path.Combine(local.WorkDirectory, "replicate")));
        services.AddSingleton(sp => new ReplicatePredictions(sp.GetRequiredService<ReplicateApi>(), sp.GetRequiredService<ReplicatePredictionStore>()));
    }

    static ProviderSettingsException NotAvailable(string variable, string value) =>
        new($"{variable}={value} is not available in this build; use local.");
}
