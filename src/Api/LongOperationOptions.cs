using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace MusicVideo.Api;

/// <summary>How long the long-running routes hold a request before answering 202: the seed routes hold by default.</summary>
public sealed class LongOperationOptions
{
    /// <summary>The configuration key (an environment variable) of the seed routes' default hold, in seconds.</summary>
    public const string SeedHoldSecondsKey = "MV_SEED_HOLD_SECONDS";

    /// <summary>The seed's clients wait up to 7 minutes for a clip (its frontend's VIDEO_EXPECTED_LOAD_TIME_SECONDS is 420).</summary>
    public const int DefaultSeedHoldSeconds = 420;

    /// <summary>The longest hold a client may ask for (?wait=N, Prefer: wait=N) or an operator may configure; beyond it, poll.</summary>
    public const int MaxWaitSeconds = 900;

    /// <summary>The configuration key (an environment variable) of the longest hold this host allows, in seconds.</summary>
    public const string MaxHoldSecondsKey = "MV_MAX_HOLD_SECONDS";

    /// <summary>Gets how long the seed routes hold a request without a Prefer header or ?wait=N (0 makes them answer 202 at once).</summary>
    public TimeSpan SeedHold { get; init; } = TimeSpan.FromSeconds(DefaultSeedHoldSeconds);

    /// <summary>Gets the longest any request is held, whatever it asks for; longer waits answer 202 at this point and the client polls.</summary>
    /// <remarks>A host behind a proxy that cuts idle requests (Azure's front end after 230 s) sets it below that limit.</remarks>
    public TimeSpan MaxHold { get; init; } = TimeSpan.FromSeconds(MaxWaitSeconds);

    /// <summary>Reads the options from configuration; a bad value is a start-up error naming the variable.</summary>
    /// <param name="configuration">The settings to read.</param>
    /// <param name="defaults">The host's defaults for settings that are not set.</param>
    public static LongOperationOptions FromConfiguration(IConfiguration configuration, LongOperationOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        defaults ??= new LongOperationOptions();
        return new LongOperationOptions
        {
            SeedHold = ReadSeconds(configuration, SeedHoldSecondsKey, 0, DefaultSeedHoldSeconds) ?? defaults.SeedHold,
            MaxHold = ReadSeconds(configuration, MaxHoldSecondsKey, 1, MaxWaitSeconds) ?? defaults.MaxHold,
        };
    }

    static TimeSpan? ReadSeconds(IConfiguration configuration, string key, int minimum, int defaultSeconds)
    {
        string? text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds < minimum || seconds > MaxWaitSeconds)
        {
            throw new InvalidOperationException(
                $"{key} must be a whole number of seconds from {minimum} to {MaxWaitSeconds} (default {defaultSeconds}); got '{text}'.");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
