using System.Text.Json.Serialization;

namespace MusicVideo.Core.Providers;

/// <summary>Why a provider call failed; decides whether retrying can help (DESIGN §4.1).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProviderErrorReason>))]
public enum ProviderErrorReason
{
    /// <summary>The request was invalid (HTTP 400/404/422, unsupported duration …); retrying cannot help.</summary>
    Validation,

    /// <summary>The prompt or an input was refused by a safety filter; retrying the same input cannot help.</summary>
    ContentPolicy,

    /// <summary>Missing or rejected credentials (HTTP 401/403); retrying cannot help.</summary>
    Authentication,

    /// <summary>Throttled (HTTP 429); retry after the advertised delay.</summary>
    RateLimited,

    /// <summary>The provider failed internally (HTTP 5xx, model crash); a retry may succeed.</summary>
    ServerError,

    /// <summary>The call or the job timed out; a retry may succeed.</summary>
    Timeout,

    /// <summary>The job was canceled by us (e.g. its orchestration was terminated); not retried.</summary>
    Canceled,
}
