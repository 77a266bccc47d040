namespace MusicVideo.Core.Workflow.Models;

/// <summary>The clip states of a scene, as shown in the job's live status.</summary>
public static class SceneState
{
    /// <summary>Waiting for its clip to start.</summary>
    public const string Pending = "pending";

    /// <summary>The clip is being generated.</summary>
    public const string Generating = "generating";

    /// <summary>A failed attempt is waiting to be retried.</summary>
    public const string Retrying = "retrying";

    /// <summary>The clip is ready.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The clip failed for good; the scene is left out of the cut.</summary>
    public const string Failed = "failed";

    /// <summary>The clip was reused from an earlier cut.</summary>
    public const string Reused = "reused";
}
