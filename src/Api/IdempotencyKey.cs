using System.Security.Cryptography;
using System.Text;

namespace MusicVideo.Api;

/// <summary>
/// The Idempotency-Key request header (draft-ietf-httpapi-idempotency-key-header): a retried POST with the same key on the
/// same route (and API key) reaches the same orchestration instead of starting new work, also after a restart, because
/// the instance id is derived from the key.
/// </summary>
public static class IdempotencyKey
{
    /// <summary>The request header's name.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The response header set when the answer comes from an instance an earlier request with the same key started.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>The longest key accepted.</summary>
    public const int MaxLength = 255;

    /// <summary>The prefix of instance ids derived from a key (so operators can tell them apart).</summary>
    public const string InstanceIdPrefix = "idem-";

    /// <summary>Reads the header: null when absent; otherwise the instance id it maps to, or a 400 saying what a key may hold.</summary>
    public static bool TryGetInstanceId(HttpRequest request, out string? instanceId, out IResult? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        instanceId = null;
        error = null;
        var values = request.Headers[HeaderName];
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1 || values[0] is not { } raw || raw.Contains(','))
        {
            error = Errors.BadRequest($"Send exactly one {HeaderName} header with one key.");
            return false;
        }

        // The draft defines the value as a structured-field string ("..."); plain tokens (as Stripe's clients send) are accepted too.
        string key = raw.Trim();
        if (key.Length >= 2 && key[0] == '"' && key[^1] == '"')
        {
            key = key[1..^1];
        }

        if (key.Length is 0 or > MaxLength || !key.All(c => c is >= '!' and <= '~' and not '"' and not '\\'))
        {
            error = Errors.BadRequest(
                $"{HeaderName} must be 1 to {MaxLength} visible ASCII characters without spaces, quotes or backslashes (a UUID is a good key); got {Describe(key)}.");
            return false;
        }

        instanceId = InstanceIdFor(request, key);
        return true;
    }

    /// <summary>The instance id for a key: a hash of the method, the route as sent, the caller's API key and the key.</summary>
    static string InstanceIdFor(HttpRequest request, string key)
    {
        // Scoping by API key keeps one client's keys from ever reaching another client's results.
        string apiKey = request.Headers["X-API-Key"].FirstOrDefault() ?? request.Query["api_key"].FirstOrDefault() ?? string.Empty;
        string scope = string.Join('\n', request.Method, (request.PathBase + request.Path).Value?.ToLowerInvariant(), apiKey, key);
        return InstanceIdPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope)))[..40];
    }

    static string Describe(string key) => key.Length switch
    {
        0 => "an empty value",
        > 60 => $"{key.Length} characters",
        _ => $"'{new string(key.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray())}'",
    };
}
