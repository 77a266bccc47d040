namespace MusicVideo.Durable;

/// <summary>The runtime status of an orchestration instance (values match Durable Functions).</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>The orchestration is running.</summary>
    Running = 0,

    /// <summary>The orchestration completed successfully.</summary>
    Completed = 1,

    /// <summary>The orchestration called ContinueAsNew and is about to start a new execution.</summary>
    ContinuedAsNew = 2,

    /// <summary>The orchestration failed with an unhandled error.</summary>
    Failed = 3,

    /// <summary>The orchestration was canceled (kept for compatibility; not produced by this engine).</summary>
    Canceled = 4,

    /// <summary>The orchestration was terminated by an operator.</summary>
    Terminated = 5,

    /// <summary>The orchestration is scheduled but has not started yet.</summary>
    Pending = 6,

    /// <summary>The orchestration is suspended; events are buffered until it is resumed.</summary>
    Suspended = 7,
}
