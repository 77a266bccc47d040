namespace MusicVideo.Durable;

/// <summary>Options of the durable task worker.</summary>
public sealed record DurableWorkerOptions
{
    /// <summary>Gets the number of orchestration episodes processed at once (mostly waiting for group commits, so well above the core count).</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 64;

    /// <summary>Gets the number of activities executed at once.</summary>
    public int MaxConcurrentActivities { get; init; } = 64;

    /// <summary>Gets how often messages written by other processes (for example the CLI) are picked up.</summary>
    public TimeSpan ForeignMessagePollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets how long shutdown waits for running activities before leaving them for redelivery.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the number of instance histories kept in memory between episodes.</summary>
    public int HistoryCacheSize { get; init; } = 20_000;

    /// <summary>Gets the file locked while the worker runs, so two workers never share one embedded store (null: no lock).</summary>
    public string? LockFilePath { get; init; }
}
