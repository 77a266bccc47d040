using System.Globalization;

namespace MusicVideo.Core.Providers.Gemini;

/// <summary>Settings of the Gemini API providers (scene writing with <c>generateContent</c>, Veo clips with <c>predictLongRunning</c>).</summary>
public sealed record GeminiOptions
{
    /// <summary>The public Gemini API endpoint.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://generativelanguage.googleapis.com/");

    /// <summary>The seed's scene model.</summary>
    public const string DefaultSceneModel = "gemini-2.5-pro";

    /// <summary>The seed's Gemini video model.</summary>
    public const string DefaultVeoModel = "veo-3.1-fast-generate-preview";

    /// <summary>Gets the API key sent as <c>x-goog-api-key</c> (<c>GEMINI_API_KEY</c>).</summary>
    public required string ApiKey { get; init; }

    /// <summary>Gets the API root, without the version segment (<c>GEMINI_BASE_URL</c>; a stand-in in tests).</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Gets the model that writes scenes (<c>GEMINI_SCENE_MODEL</c>).</summary>
    public string SceneModel { get; init; } = DefaultSceneModel;

    /// <summary>Gets the Veo model that renders clips (<c>VEO_MODEL</c>).</summary>
    public string VeoModel { get; init; } = DefaultVeoModel;

    /// <summary>Gets the Veo output resolution (<c>VEO_RESOLUTION</c>: 720p, 1080p or 4k).</summary>
    public string VeoResolution { get; init; } = "720p";

    /// <summary>Gets the Veo <c>personGeneration</c> value, or null for the model's default per request kind (<c>VEO_PERSON_GENERATION</c>).</summary>
    public string? VeoPersonGeneration { get; init; }

    /// <summary>Gets how often a running Veo operation is polled (<c>VEO_POLL_SECONDS</c>; Google's examples poll every 10 s).</summary>
    public TimeSpan VeoPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the price in US dollars of one second of Veo video (<c>VEO_PRICE_PER_SECOND</c>); null means the list price of <see cref="VeoModel"/>.</summary>
    /// <remarks>Google's Gemini API price list when this was written: Veo 3.1 $0.40 per second with audio, Veo 3.1 Fast $0.15; filtered or failed generations are not charged.</remarks>
    public decimal? VeoPricePerSecond { get; init; }

    /// <summary>Gets what one second of video of <see cref="VeoModel"/> costs: <see cref="VeoPricePerSecond"/>, else the list price.</summary>
    public decimal VeoSecondPrice => VeoPricePerSecond ?? (VeoModel.Contains("fast", StringComparison.OrdinalIgnoreCase) ? 0.15m : 0.40m);

    /// <summary>Gets how long one scene-writing call may take (<c>GEMINI_SCENE_TIMEOUT_SECONDS</c>; thinking models need a minute or more).</summary>
    public TimeSpan SceneTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>Gets the model calls per scene plan when answers are malformed (<c>SCENE_MAX_ATTEMPTS</c>).</summary>
    public int SceneMaxAttempts { get; init; } = 3;

    /// <summary>Reads the settings from environment variables; a missing key or a bad value throws naming the variable.</summary>
    public static GeminiOptions FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var key = read("GEMINI_API_KEY");
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ProviderSettingsException("GEMINI_API_KEY is not set; the Gemini providers need an API key from Google AI Studio.");
        }

        var options = new GeminiOptions { ApiKey = key.Trim() };
        if (read("GEMINI_BASE_URL") is { Length: > 0 } url)
        {
            options = options with { BaseUrl = ProviderSettingValues.AbsoluteUrl("GEMINI_BASE_URL", url) };
        }

        if (read("GEMINI_SCENE_MODEL") is { Length: > 0 } sceneModel)
        {
            options = options with { SceneModel = ProviderSettingValues.ModelName("GEMINI_SCENE_MODEL", sceneModel) };
        }

        if (read("VEO_MODEL") is { Length: > 0 } veoModel)
        {
            options = options with { VeoModel = ProviderSettingValues.ModelName("VEO_MODEL", veoModel) };
        }

        if (read("VEO_RESOLUTION") is { Length: > 0 } resolution)
        {
            options = resolution.Trim() is "720p" or "1080p" or "4k"
                ? options with { VeoResolution = resolution.Trim() }
                : throw new ProviderSettingsException($"VEO_RESOLUTION '{resolution}' is not supported; use 720p, 1080p or 4k.");
        }

        if (read("VEO_PERSON_GENERATION") is { Length: > 0 } person)
        {
            options = person.Trim() is "allow_all" or "allow_adult" or "dont_allow"
                ? options with { VeoPersonGeneration = person.Trim() }
                : throw new ProviderSettingsException($"VEO_PERSON_GENERATION '{person}' is not supported; use allow_all, allow_adult or dont_allow.");
        }

        if (read("VEO_POLL_SECONDS") is { Length: > 0 } poll)
        {
            options = double.TryParse(poll, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0.05 and <= 300
                ? options with { VeoPollInterval = TimeSpan.FromSeconds(seconds) }
                : throw new ProviderSettingsException($"VEO_POLL_SECONDS '{poll}' is not a number of seconds between 0.05 and 300.");
        }

        if (read("VEO_PRICE_PER_SECOND") is { Length: > 0 } price)
        {
            options = decimal.TryParse(price, NumberStyles.Number, CultureInfo.InvariantCulture, out var dollars) && dollars is >= 0 and <= 100
                ? options with { VeoPricePerSecond = dollars }
                : throw new ProviderSettingsException($"VEO_PRICE_PER_SECOND '{price}' is not a price in US dollars between 0 and 100.");
        }

        if (read("GEMINI_SCENE_TIMEOUT_SECONDS") is { Length: > 0 } timeout)
        {
            options = double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 900
                ? options with { SceneTimeout = TimeSpan.FromSeconds(seconds) }
                : throw new ProviderSettingsException($"GEMINI_SCENE_TIMEOUT_SECONDS '{timeout}' is not a number of seconds between 1 and 900.");
        }

        return options with { SceneMaxAttempts = ProviderSettingValues.SceneMaxAttempts(read) };
    }

    /// <summary>The key is a secret: it never appears in logs or exception messages.</summary>
    public override string ToString() => $"GeminiOptions {{ BaseUrl = {BaseUrl}, SceneModel = {SceneModel}, VeoModel = {VeoModel} }}";
}
