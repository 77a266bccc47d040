namespace MusicVideo.Core.Workflow.Models;

/// <summary>The stages of a music video job.</summary>
public static class JobStage
{
    /// <summary>The scenes are being written.</summary>
    public const string WritingScenes = "writing_scenes";

    /// <summary>The clips are being generated.</summary>
    public const string GeneratingClips = "generating_clips";

    /// <summary>The clips and the song are being stitched.</summary>
    public const string Stitching = "stitching";

    /// <summary>The video is ready.</summary>
    public const string Done = "done";

    /// <summary>No clip could be made.</summary>
    public const string Failed = "failed";
}
