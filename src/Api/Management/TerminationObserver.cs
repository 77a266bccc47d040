namespace MusicVideo.Api.Management;

/// <summary>Told when the management API terminated an instance, so work outside the orchestration (provider jobs) can stop too.</summary>
public abstract class TerminationObserver
{
    /// <summary>Called after the termination was accepted; must return quickly (start background work if needed).</summary>
    public abstract void OnTerminated(string instanceId);
}
