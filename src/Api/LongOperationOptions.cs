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

    /// <summary>Gets how long the seed routes hold a request without a Prefer header or ?wait=N (0 makes them answer 202 at once).</summary>
    public TimeSpan SeedHold { get; init; } = TimeSpan.FromSeconds(DefaultSeedHoldSeconds);

    /// <summary>Reads the options from configuration; a bad value is a start-up error naming the variable.</summary>
    public static LongOperationOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? text = configuration[SeedHoldSecondsKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new LongOperationOptions();
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds > MaxWaitSeconds)
        {
            throw new InvalidOperationException(
                $"{SeedHoldSecondsKey} must be a whole number of seconds from 0 to {MaxWaitSeconds} (default {DefaultSeedHoldSeconds}); got '{text}'.");
        }

        return new LongOperationOptions { SeedHold = TimeSpan.FromSeconds(seconds) };
    }
}
