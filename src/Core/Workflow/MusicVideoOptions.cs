using MusicVideo.Core.Providers;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Workflow;

/// <summary>Configuration of the standalone product: where data lives and the local providers' switches.</summary>
public sealed record MusicVideoOptions
{
    /// <summary>Gets the data folder (SQLite, media, provider work folders); <c>MV_DATA_DIR</c>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Gets the number of clips rendered at once by the local clip renderer.</summary>
    public int MaxConcurrentRenders { get; init; } = Environment.ProcessorCount;

    /// <summary>Gets a test switch: local jobs whose prompt contains this text fail for good (<c>MV_LOCAL_FAIL_PROMPT</c>).</summary>
    public string? FailWhenPromptContains { get; init; }

    /// <summary>Gets a test switch: the first local job whose prompt contains this text fails retriably, later ones succeed (<c>MV_LOCAL_FAIL_ONCE_PROMPT</c>).</summary>
    public string? FailOnceWhenPromptContains { get; init; }

    /// <summary>Gets a test switch: the least time a local job takes (<c>MV_LOCAL_MIN_JOB_SECONDS</c>).</summary>
    public TimeSpan MinimumJobDuration { get; init; }

    /// <summary>Gets how many times a scene's clip is attempted before the scene is reported failed (<c>MV_CLIP_ATTEMPTS</c>; copied into each new job's input).</summary>
    public int ClipAttempts { get; init; } = 3;

    /// <summary>Gets the delay before the first clip retry, doubled each time (<c>MV_CLIP_RETRY_DELAY_SECONDS</c>; copied into each new job's input).</summary>
    public TimeSpan ClipRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets where media lives (<c>STORAGE_BACKEND</c>, <c>STORAGE_BUCKET</c>, …); local by default.</summary>
    public MediaStorageOptions Storage { get; init; } = MediaStorageOptions.Local;

    /// <summary>Gets which provider runs each step (<c>SCENE_PROVIDER</c>, <c>IMAGE_PROVIDER</c>, <c>VIDEO_PROVIDER</c>, …); local by default.</summary>
    public ProvidersOptions Providers { get; init; } = ProvidersOptions.Local;

    /// <summary>Gets the local providers' work folder (<c>MV_LOCAL_PROVIDER_DIR</c>; default <c>providers</c> in the data folder); server processes sharing a task hub share it.</summary>
    public string? ProviderWorkDirectory { get; init; }

    /// <summary>Gets the folder for temporary files.</summary>
    public string TempDirectory => Path.Combine(this.DataDirectory, "tmp");

    /// <summary>Reads the options from environment variables, with the data folder defaulting to <paramref name="defaultDataDirectory"/>.</summary>
    /// <exception cref="MediaStorageSettingsException">A storage setting is missing or invalid.</exception>
    /// <exception cref="ProviderSettingsException">A provider setting is missing or invalid.</exception>
    public static MusicVideoOptions FromEnvironment(string defaultDataDirectory) => FromSettings(Environment.GetEnvironmentVariable, defaultDataDirectory);

    /// <summary>Reads the options from any key/value source (environment, <c>IConfiguration</c>), with the data folder defaulting to <paramref name="defaultDataDirectory"/>.</summary>
    /// <exception cref="MediaStorageSettingsException">A storage setting is missing or invalid.</exception>
    /// <exception cref="ProviderSettingsException">A provider setting is missing or invalid.</exception>
    public static MusicVideoOptions FromSettings(Func<string, string?> read, string defaultDataDirectory)
    {
        ArgumentNullException.ThrowIfNull(read);
        string data = Path.GetFullPath(read("MV_DATA_DIR") is { Length: > 0 } dir ? dir : defaultDataDirectory);
        var options = new MusicVideoOptions { DataDirectory = data, Storage = MediaStorageOptions.FromSettings(read), Providers = ProvidersOptions.FromVariables(read) };
        if (read("MV_LOCAL_FAIL_PROMPT") is { Length: > 0 } fail)
        {
            options = options with { FailWhenPromptContains = fail };
        }

        if (read("MV_LOCAL_FAIL_ONCE_PROMPT") is { Length: > 0 } failOnce)
        {
            options = options with { FailOnceWhenPromptContains = failOnce };
        }

        if (int.TryParse(read("MV_CLIP_ATTEMPTS"), out int attempts) && attempts is >= 1 and <= 10)
        {
            options = options with { ClipAttempts = attempts };
        }

        if (double.TryParse(read("MV_CLIP_RETRY_DELAY_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out double retryDelay)
            && retryDelay is >= 0 and <= 3600)
        {
            options = options with { ClipRetryDelay = TimeSpan.FromSeconds(retryDelay) };
        }

        if (double.TryParse(read("MV_LOCAL_MIN_JOB_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out double seconds) && seconds > 0)
        {
            options = options with { MinimumJobDuration = TimeSpan.FromSeconds(seconds) };
        }

        if (read("MV_LOCAL_PROVIDER_DIR") is { Length: > 0 } providers)
        {
            options = options with { ProviderWorkDirectory = Path.GetFullPath(providers) };
        }

        if (int.TryParse(read("MV_MAX_CONCURRENT_RENDERS"), out int renders) && renders > 0)
        {
            options = options with { MaxConcurrentRenders = renders };
        }

        return options;
    }
}
