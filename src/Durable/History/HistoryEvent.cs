namespace MusicVideo.Durable.History;

/// <summary>One event in an orchestration's history; fields are set according to <see cref="EventType"/>.</summary>
public sealed record HistoryEvent
{
    /// <summary>Gets the kind of event.</summary>
    public required HistoryEventType EventType { get; init; }

    /// <summary>Gets the sequence id for scheduling events (activities, timers, sub-orchestrations, sent events), else -1.</summary>
    public int EventId { get; init; } = -1;

    /// <summary>Gets the UTC time the event was recorded.</summary>
    public DateTime Timestamp { get; init; }

    /// <summary>Gets the orchestration, activity or event name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the serialized input (start input, activity input, event payload, termination reason).</summary>
    public string? Input { get; init; }

    /// <summary>Gets the serialized result of a completed task or execution.</summary>
    public string? Result { get; init; }

    /// <summary>Gets the sequence id of the scheduling event that a completion refers to.</summary>
    public int? TaskScheduledId { get; init; }

    /// <summary>Gets the time a timer fires.</summary>
    public DateTime? FireAt { get; init; }

    /// <summary>Gets the target instance id (sub-orchestration or sent event).</summary>
    public string? InstanceId { get; init; }

    /// <summary>Gets the execution id of an ExecutionStarted event.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>Gets the failure details of a failed task or execution.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>Gets the final status recorded by ExecutionCompleted.</summary>
    public OrchestrationRuntimeStatus? OrchestrationStatus { get; init; }

    /// <summary>Gets the operator's reason for suspend, resume, terminate or rewind.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets a value indicating whether a termination also terminates the instance's running sub-orchestrations.</summary>
    public bool? Recursive { get; init; }

    /// <summary>Gets the history index of the inbound event whose processing produced this scheduling event.</summary>
    /// <remarks>Rewind uses it to drop exactly the work that reacted to failures.</remarks>
    public int? CausedBy { get; init; }
}
