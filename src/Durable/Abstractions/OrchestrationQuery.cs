namespace MusicVideo.Durable;

/// <summary>A filter for listing orchestration instances, one page at a time.</summary>
/// <param name="CreatedFrom">Only instances created at or after this time.</param>
/// <param name="CreatedTo">Only instances created at or before this time.</param>
/// <param name="Statuses">Only instances in one of these statuses (all when null or empty).</param>
/// <param name="InstanceIdPrefix">Only instances whose id starts with this prefix.</param>
/// <param name="PageSize">The largest number of instances per page (1–1000).</param>
/// <param name="FetchInputsAndOutputs">Whether to include input, output and custom status.</param>
/// <param name="ContinuationToken">The token returned with the previous page.</param>
public sealed record OrchestrationQuery(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null,
    string? InstanceIdPrefix = null,
    int PageSize = 100,
    bool FetchInputsAndOutputs = false,
    string? ContinuationToken = null);
