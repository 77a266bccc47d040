namespace MusicVideo.ProviderStandIns;

/// <summary>One fault to inject: which requests it hits, how often, and what it does.</summary>
public sealed record FaultRule
{
    /// <summary>Gets what happens.</summary>
    public required FaultKind Kind { get; init; }

    /// <summary>Gets the method it applies to (null: any).</summary>
    public string? Method { get; init; }

    /// <summary>Gets a predicate on the path (null: any path).</summary>
    public Func<string, bool>? Path { get; init; }

    /// <summary>Gets a predicate on the request body (e.g. a prompt's text; null: any body).</summary>
    public Func<string, bool>? Body { get; init; }

    /// <summary>Gets the chance that a matching request is hit (default 1).</summary>
    public double Probability { get; init; } = 1;

    /// <summary>Gets how many requests it hits at most (null: no limit).</summary>
    public int? Times { get; init; }

    /// <summary>Gets the <c>Retry-After</c> seconds of a <see cref="FaultKind.RateLimited"/> answer (default 1).</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Gets the wait of a <see cref="FaultKind.Delay"/> fault.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);
}
