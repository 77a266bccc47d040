namespace MusicVideo.Durable.Storage;

/// <summary>The stored state row of an orchestration instance (status reads never replay; they read this).</summary>
public sealed record OrchestrationInstanceRecord
{
    /// <summary>Gets the instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Gets the orchestrator name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the id of the current execution (changes on ContinueAsNew, rewind and restart).</summary>
    public required string ExecutionId { get; init; }

    /// <summary>Gets the runtime status.</summary>
    public OrchestrationRuntimeStatus Status { get; init; }

    /// <summary>Gets the serialized input of the current execution.</summary>
    public string? Input { get; init; }

    /// <summary>Gets the serialized output (or failure text, or termination reason).</summary>
    public string? Output { get; init; }

    /// <summary>Gets the serialized custom status.</summary>
    public string? CustomStatus { get; init; }

    /// <summary>Gets the failure details when the instance failed.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>Gets the UTC creation time.</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>Gets the UTC time of the last state change.</summary>
    public DateTime LastUpdatedAt { get; init; }

    /// <summary>Gets the UTC time the instance reached a terminal state.</summary>
    public DateTime? CompletedAt { get; init; }

    /// <summary>Gets the parent instance id of a sub-orchestration.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>Gets the parent's name of a sub-orchestration.</summary>
    public string? ParentName { get; init; }

    /// <summary>Gets the sequence id of the call in the parent's history.</summary>
    public int? ParentTaskId { get; init; }

    /// <summary>Gets the parent execution that made the call; the child's result is addressed to it only.</summary>
    public string? ParentExecutionId { get; init; }

    /// <summary>Gets the number of history events of the current execution (validates history caches).</summary>
    public int HistoryCount { get; init; }
}
