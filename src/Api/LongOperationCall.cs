using System.Globalization;

namespace MusicVideo.Api;

/// <summary>
/// How one request wants its long operation answered: how long to hold for the result (0 = answer 202 at once), the
/// RFC 7240 preferences that decided it, and the instance id an Idempotency-Key maps to.
/// </summary>
/// <param name="Hold">How long to wait for the result before answering 202 with the check-status payload.</param>
/// <param name="RespondAsync">The client sent <c>Prefer: respond-async</c>.</param>
/// <param name="PreferWait">The <c>Prefer: wait=N</c> value that bounded the hold, if any.</param>
/// <param name="IdempotentInstanceId">The instance id derived from the Idempotency-Key header, if one was sent.</param>
public sealed record LongOperationCall(TimeSpan Hold, bool RespondAsync, int? PreferWait, string? IdempotentInstanceId)
{
    /// <summary>
    /// Reads <c>?wait=N</c>, <c>Prefer</c> and <c>Idempotency-Key</c>. Precedence: the query parameter, then
    /// <c>Prefer: respond-async</c> (with an optional <c>wait=N</c> it holds up to N s, else 0), then <c>Prefer: wait=N</c>,
    /// then the route's default hold.
    /// </summary>
    public static bool TryParse(HttpRequest request, TimeSpan defaultHold, out LongOperationCall call, out IResult? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        call = new LongOperationCall(defaultHold, false, null, null);
        if (!IdempotencyKey.TryGetInstanceId(request, out string? instanceId, out error))
        {
            return false;
        }

        var (respondAsync, preferWait) = ReadPrefer(request);
        TimeSpan hold = respondAsync ? TimeSpan.FromSeconds(preferWait ?? 0) : preferWait is { } w ? TimeSpan.FromSeconds(w) : defaultHold;
        string? text = request.Query["wait"].FirstOrDefault();
        if (text is not null)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds > LongOperationOptions.MaxWaitSeconds)
            {
                error = Errors.BadRequest($"wait must be a whole number of seconds from 0 to {LongOperationOptions.MaxWaitSeconds}; got '{Shorten(text)}'.");
                return false;
            }

            hold = TimeSpan.FromSeconds(seconds);
            (respondAsync, preferWait) = (false, null);
        }

        call = new LongOperationCall(hold, respondAsync, preferWait, instanceId);
        return true;
    }

    /// <summary>The Preference-Applied value for an answer (RFC 7240 §3), or null when no preference shaped it.</summary>
    public string? PreferenceApplied(bool accepted)
    {
        var applied = new List<string>(2);
        if (this.RespondAsync && accepted)
        {
            applied.Add("respond-async");
        }

        if (this.PreferWait is { } wait)
        {
            applied.Add(string.Create(CultureInfo.InvariantCulture, $"wait={wait}"));
        }

        return applied.Count == 0 ? null : string.Join(", ", applied);
    }

    /// <summary>
    /// Reads the Prefer header(s): <c>respond-async</c> and <c>wait=N</c> (delta-seconds, capped at the longest wait).
    /// As RFC 7240 requires, preferences that are unknown or malformed are ignored rather than rejected.
    /// </summary>
    static (bool RespondAsync, int? Wait) ReadPrefer(HttpRequest request)
    {
        bool respondAsync = false;
        int? wait = null;
        foreach (string? header in request.Headers["Prefer"])
        {
            foreach (string preference in (header ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // A preference is token [= value] followed by optional ;parameters, which these two preferences do not use.
                string head = preference.Split(';', 2)[0];
                string[] parts = head.Split('=', 2, StringSplitOptions.TrimEntries);
                string name = parts[0];
                if (name.Equals("respond-async", StringComparison.OrdinalIgnoreCase) && parts.Length == 1)
                {
                    respondAsync = true;
                }
                else if (name.Equals("wait", StringComparison.OrdinalIgnoreCase) && parts.Length == 2 && wait is null &&
                    int.TryParse(parts[1].Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds))
                {
                    wait = Math.Min(seconds, LongOperationOptions.MaxWaitSeconds);
                }
            }
        }

        return (respondAsync, wait);
    }

    static string Shorten(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
