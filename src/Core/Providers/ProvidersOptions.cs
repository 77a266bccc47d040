using System.Globalization;
using MusicVideo.Core.Providers.Gemini;
using MusicVideo.Core.Providers.Http;
using MusicVideo.Core.Providers.OpenAI;
using MusicVideo.Core.Providers.Replicate;

namespace MusicVideo.Core.Providers;

/// <summary>Which provider runs each step and their settings; local everywhere by default (no keys needed).</summary>
public sealed record ProvidersOptions
{
    /// <summary>Gets the local providers everywhere.</summary>
    public static ProvidersOptions Local { get; } = new();

    /// <summary>Gets the scene writer (<c>SCENE_PROVIDER</c>: local, gemini, openai).</summary>
    public string Scene { get; init; } = ProviderChoices.Local;

    /// <summary>Gets the character reference renderer (<c>IMAGE_PROVIDER</c>: local, replicate).</summary>
    public string Image { get; init; } = ProviderChoices.Local;

    /// <summary>Gets the clip renderer (<c>VIDEO_PROVIDER</c>: local, replicate, veo).</summary>
    public string Video { get; init; } = ProviderChoices.Local;

    /// <summary>Gets the Replicate settings.</summary>
    public ReplicateOptions Replicate { get; init; } = new();

    /// <summary>Gets the Gemini API key (<c>GEMINI_API_KEY</c>), for gemini scenes and veo clips.</summary>
    public string? GeminiApiKey { get; init; }

    /// <summary>Gets the OpenAI-compatible endpoint's key (<c>OPENAI_API_KEY</c>), for openai scenes.</summary>
    public string? OpenAIApiKey { get; init; }

    /// <summary>Gets the Gemini settings (<c>GEMINI_*</c>, <c>VEO_*</c>), read when gemini scenes or veo clips are chosen.</summary>
    public GeminiOptions? Gemini { get; init; }

    /// <summary>Gets the OpenAI-compatible scene writer's settings (<c>OPENAI_*</c>), read when openai scenes are chosen.</summary>
    public OpenAICompatibleOptions? OpenAI { get; init; }

    /// <summary>Gets the JSON file of token prices of the scene writers (<c>SCENE_PRICES_FILE</c>); null: the built-in table.</summary>
    public string? ScenePricesFile { get; init; }

    /// <summary>Gets the timeouts and retries of every provider HTTP client.</summary>
    public ProviderHttpOptions Http { get; init; } = new();

    /// <summary>Reads the settings from environment variables and checks that every chosen provider has its key.</summary>
    /// <exception cref="ProviderSettingsException">A provider name is unknown, a chosen provider's key is missing, or a value is invalid; the message names the variable.</exception>
    public static ProvidersOptions FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>Reads the settings through <paramref name="read"/> (a variable name → its value), as <see cref="FromEnvironment"/> does.</summary>
    public static ProvidersOptions FromVariables(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var replicate = new ReplicateOptions
        {
            ApiToken = Value(read, "REPLICATE_API_TOKEN") ?? Value(read, "REPLICATE_API_KEY"),
            BaseUrl = Url(read, "REPLICATE_API_BASE_URL") ?? ReplicateOptions.DefaultBaseUrl,
            ImageModel = Model(read, "REPLICATE_IMAGE_MODEL") ?? "google/imagen-4",
            VideoModel = Model(read, "REPLICATE_VIDEO_MODEL") ?? "google/veo-3.1",
            WebhookSecret = Value(read, "REPLICATE_WEBHOOK_SECRET"),
            PublicBaseUrl = Url(read, "MV_PUBLIC_BASE_URL"),
            PollInterval = Seconds(read, "REPLICATE_POLL_SECONDS", 1, 300) ?? TimeSpan.FromSeconds(15),
            WebhookWait = Seconds(read, "REPLICATE_WEBHOOK_WAIT_SECONDS", 1, 3600) ?? TimeSpan.FromMinutes(10),
            CancelAfter = Seconds(read, "REPLICATE_CANCEL_AFTER_SECONDS", 30, 1800) ?? TimeSpan.FromMinutes(15),
            PricesFile = Value(read, "REPLICATE_PRICES_FILE"),
            ReferenceDelivery = Choice(read, "REPLICATE_REFERENCE_DELIVERY", ReferenceDelivery.All, ReferenceDelivery.Auto),
        };
        var options = new ProvidersOptions
        {
            Scene = Choice(read, "SCENE_PROVIDER", ProviderChoices.Scene),
            Image = Choice(read, "IMAGE_PROVIDER", ProviderChoices.Image),
            Video = Choice(read, "VIDEO_PROVIDER", ProviderChoices.Video),
            Replicate = replicate,
            GeminiApiKey = Value(read, "GEMINI_API_KEY"),
            OpenAIApiKey = Value(read, "OPENAI_API_KEY"),
            ScenePricesFile = Value(read, "SCENE_PRICES_FILE"),
            Http = new ProviderHttpOptions
            {
                AttemptTimeout = Seconds(read, "PROVIDER_HTTP_TIMEOUT_SECONDS", 1, 600) ?? TimeSpan.FromSeconds(30),
            },
        };
        options.Validate();
        return options with
        {
            Gemini = options.Scene == ProviderChoices.Gemini || options.Video == ProviderChoices.Veo ? GeminiOptions.FromEnvironment(read) : null,
            OpenAI = options.Scene == ProviderChoices.OpenAI ? OpenAICompatibleOptions.FromEnvironment(read) : null,
        };
    }

    /// <summary>Checks that every chosen provider has what it needs.</summary>
    /// <exception cref="ProviderSettingsException">A chosen provider's key is missing.</exception>
    public void Validate()
    {
        if ((Image == ProviderChoices.Replicate || Video == ProviderChoices.Replicate) && string.IsNullOrEmpty(Replicate.ApiToken))
        {
            string step = Image == ProviderChoices.Replicate ? "IMAGE_PROVIDER" : "VIDEO_PROVIDER";
            throw new ProviderSettingsException($"REPLICATE_API_TOKEN is not set; {step}=replicate needs a Replicate API token (https://replicate.com/account/api-tokens).");
        }

        if (Replicate.PublicBaseUrl is not null && (Image == ProviderChoices.Replicate || Video == ProviderChoices.Replicate)
            && string.IsNullOrEmpty(Replicate.WebhookSecret))
        {
            throw new ProviderSettingsException(
                "REPLICATE_WEBHOOK_SECRET is not set; with MV_PUBLIC_BASE_URL set, Replicate webhooks need the signing secret (whsec_…) from GET /v1/webhooks/default/secret.");
        }

        if (Replicate.WebhookSecret is { } secret && !secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            throw new ProviderSettingsException("REPLICATE_WEBHOOK_SECRET must be the whsec_… signing secret from GET /v1/webhooks/default/secret.");
        }

        // Scene and Veo providers (helper "gemini"): their own settings are checked here, next to these.
        if ((Scene == ProviderChoices.Gemini || Video == ProviderChoices.Veo) && string.IsNullOrEmpty(GeminiApiKey))
        {
            string step = Scene == ProviderChoices.Gemini ? "SCENE_PROVIDER=gemini" : "VIDEO_PROVIDER=veo";
            throw new ProviderSettingsException($"GEMINI_API_KEY is not set; {step} needs a Gemini API key.");
        }

        // A local server set with OPENAI_BASE_URL may go without a key: OpenAICompatibleOptions.FromEnvironment checks that case.
    }

    static string? Value(Func<string, string?> read, string name) => read(name) is { Length: > 0 } value ? value.Trim() : null;

    static string Choice(Func<string, string?> read, string name, IReadOnlyList<string> allowed, string fallback = ProviderChoices.Local)
    {
        string value = (Value(read, name) ?? fallback).ToLowerInvariant();
        return allowed.Contains(value)
            ? value
            : throw new ProviderSettingsException($"{name} must be one of {string.Join(", ", allowed)}; got '{read(name)}'.");
    }

    static Uri? Url(Func<string, string?> read, string name)
    {
        if (Value(read, name) is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ProviderSettingsException($"{name} must be an absolute http or https URL; got '{text}'.");
    }

    static string? Model(Func<string, string?> read, string name)
    {
        if (Value(read, name) is not { } model)
        {
            return null;
        }

        // owner/name, optionally :version (community models pinned to a version).
        var parts = model.Split('/');
        return parts.Length == 2 && parts.All(p => p.Length > 0 && !p.Contains(' ', StringComparison.Ordinal))
            ? model
            : throw new ProviderSettingsException($"{name} must be a Replicate model id such as owner/name or owner/name:version; got '{model}'.");
    }

    static TimeSpan? Seconds(Func<string, string?> read, string name, double min, double max)
    {
        if (Value(read, name) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= min && seconds <= max
            ? TimeSpan.FromSeconds(seconds)
            : throw new ProviderSettingsException($"{name} must be a number of seconds from {min} to {max}; got '{text}'.");
    }
}
