namespace MusicVideo.Durable;

/// <summary>Selects terminal instances to purge by creation time and status.</summary>
/// <param name="CreatedFrom">Only instances created at or after this time.</param>
/// <param name="CreatedTo">Only instances created at or before this time (now when null).</param>
/// <param name="Statuses">Only these terminal statuses (all terminal statuses when null or empty).</param>
public sealed record PurgeInstancesFilter(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null)
{
    /// <summary>Gets the time after which a bulk purge stops and reports itself incomplete.</summary>
    public TimeSpan? Timeout { get; init; }
}
