namespace MusicVideo.Core.Providers.Http;

/// <summary>Timeouts and retries of one provider's HTTP client (Microsoft.Extensions.Http.Resilience).</summary>
public sealed record ProviderHttpOptions
{
    /// <summary>Gets the longest one HTTP attempt may take (default 30 s).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the longest one call may take with all its retries (default 2 min).</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets how often a transient failure is retried inside one call (default 3); later failures go to the workflow's durable retries.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Gets the first retry delay, grown exponentially with jitter (default 1 s).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest <c>Retry-After</c> honoured inside a call (default 10 s); a longer one surfaces as a retriable <see cref="ProviderException"/> so the workflow waits on a durable timer instead.</summary>
    public TimeSpan MaxInlineRetryAfter { get; init; } = TimeSpan.FromSeconds(10);
}
