using System.Globalization;

namespace MusicVideo.Core.Providers.OpenAI;

/// <summary>Settings of the OpenAI-compatible scene writer (OpenAI itself, or any server speaking its chat completions API, such as a local LLM).</summary>
public sealed record OpenAICompatibleOptions
{
    /// <summary>OpenAI's own endpoint.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1/");

    /// <summary>The default model: a current OpenAI model with structured outputs.</summary>
    public const string DefaultModel = "gpt-4.1-mini";

    /// <summary>Gets the API key sent as a bearer token (<c>OPENAI_API_KEY</c>); optional for a custom base URL.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Gets the API root including the version segment, e.g. <c>http://127.0.0.1:8080/v1</c> (<c>OPENAI_BASE_URL</c>).</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Gets the model that writes scenes (<c>OPENAI_MODEL</c>).</summary>
    public string Model { get; init; } = DefaultModel;

    /// <summary>Gets how long one chat call may take (<c>OPENAI_TIMEOUT_SECONDS</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets the model calls per scene plan when answers are malformed (<c>SCENE_MAX_ATTEMPTS</c>).</summary>
    public int SceneMaxAttempts { get; init; } = 3;

    /// <summary>Reads the settings from environment variables; OpenAI's own endpoint without a key, or a bad value, throws naming the variable.</summary>
    public static OpenAICompatibleOptions FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var options = new OpenAICompatibleOptions();
        if (read("OPENAI_BASE_URL") is { Length: > 0 } url)
        {
            options = options with { BaseUrl = ProviderSettingValues.AbsoluteUrl("OPENAI_BASE_URL", url) };
        }

        if (read("OPENAI_API_KEY") is { Length: > 0 } key && !string.IsNullOrWhiteSpace(key))
        {
            options = options with { ApiKey = key.Trim() };
        }
        else if (options.BaseUrl == DefaultBaseUrl)
        {
            throw new ProviderSettingsException(
                "OPENAI_API_KEY is not set; SCENE_PROVIDER=openai needs it for api.openai.com (a local server set with OPENAI_BASE_URL may go without).");
        }

        if (read("OPENAI_MODEL") is { Length: > 0 } model)
        {
            options = options with { Model = ProviderSettingValues.ModelName("OPENAI_MODEL", model) };
        }

        if (read("OPENAI_TIMEOUT_SECONDS") is { Length: > 0 } timeout)
        {
            options = double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 900
                ? options with { Timeout = TimeSpan.FromSeconds(seconds) }
                : throw new ProviderSettingsException($"OPENAI_TIMEOUT_SECONDS '{timeout}' is not a number of seconds between 1 and 900.");
        }

        return options with { SceneMaxAttempts = ProviderSettingValues.SceneMaxAttempts(read) };
    }

    /// <summary>The key is a secret: it never appears in logs or exception messages.</summary>
    public override string ToString() => $"OpenAICompatibleOptions {{ BaseUrl = {BaseUrl}, Model = {Model} }}";
}
