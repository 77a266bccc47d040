namespace MusicVideo.Durable;

/// <summary>Helpers for <see cref="OrchestrationRuntimeStatus"/>.</summary>
public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>Returns true for the statuses an instance never leaves by itself: Completed, Failed, Terminated.</summary>
    /// <remarks>The obsolete Canceled status (unused, says the client API) is never written by the embedded engine.</remarks>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) => status is
        OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>The status an execution that continued as new ends with in its ExecutionCompleted event (DTFx's record of it).</summary>
    /// <remarks>Obsolete in the client API, which never reports it: the instance is Running again in its new execution.</remarks>
#pragma warning disable CS0618 // The one place the engine names it: DTFx history records continue-as-new with this status.
    internal const OrchestrationRuntimeStatus ContinuedAsNew = OrchestrationRuntimeStatus.ContinuedAsNew;
#pragma warning restore CS0618
}
