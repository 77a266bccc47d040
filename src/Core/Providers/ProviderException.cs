namespace MusicVideo.Core.Providers;

/// <summary>A classified provider failure: callers retry only when <see cref="IsRetriable"/> is true.</summary>
public sealed class ProviderException : Exception
{
    /// <summary>Creates a classified provider failure.</summary>
    public ProviderException(string message, ProviderErrorReason reason, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates a failure with a message, classified as a retriable server error.</summary>
    public ProviderException(string message) : this(message, ProviderErrorReason.ServerError)
    {
    }

    /// <summary>Creates a failure with a message and a cause, classified as a retriable server error.</summary>
    public ProviderException(string message, Exception innerException) : this(message, ProviderErrorReason.ServerError, null, innerException)
    {
    }

    /// <summary>Creates a failure with a default message.</summary>
    public ProviderException() : this("The provider call failed.")
    {
    }

    /// <summary>Why the call failed.</summary>
    public ProviderErrorReason Reason { get; }

    /// <summary>How long to wait before retrying, when the provider said so (e.g. <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True for rate limits, server errors and timeouts; false for validation, content-policy and auth errors.</summary>
    public bool IsRetriable => IsRetriableReason(Reason);

    /// <summary>True when failures of this reason may succeed on retry.</summary>
    public static bool IsRetriableReason(ProviderErrorReason reason) =>
        reason is ProviderErrorReason.RateLimited or ProviderErrorReason.ServerError or ProviderErrorReason.Timeout;

    /// <summary>Classifies an HTTP status code from a provider API (401/403 auth, 408/504 timeout, 429 rate limit, 5xx server, other 4xx validation).</summary>
    public static ProviderErrorReason ClassifyHttpStatus(int statusCode) => statusCode switch
    {
        401 or 403 => ProviderErrorReason.Authentication,
        408 or 504 => ProviderErrorReason.Timeout,
        429 => ProviderErrorReason.RateLimited,
        >= 500 => ProviderErrorReason.ServerError,
        _ => ProviderErrorReason.Validation,
    };

    /// <summary>Creates the exception for an HTTP error response of a provider API.</summary>
    public static ProviderException FromHttpStatus(int statusCode, string message, TimeSpan? retryAfter = null) =>
        new($"HTTP {statusCode}: {message}", ClassifyHttpStatus(statusCode), retryAfter);
}
