namespace MusicVideo.Core.Workflow;

/// <summary>The registered names of the workflow's orchestrations and activities.</summary>
public static class WorkflowNames
{
    /// <summary>The quick job: plan, render every scene in parallel, stitch with the song.</summary>
    public const string MusicVideoJob = "MusicVideoJob";

    /// <summary>One clip: submit, poll on durable timers, fetch into storage.</summary>
    public const string GenerateClip = "GenerateClip";

    /// <summary>One character reference image: submit, poll, fetch.</summary>
    public const string GenerateImage = "GenerateImage";

    /// <summary>1–4 character reference images in parallel.</summary>
    public const string CharacterReferences = "CharacterReferences";

    /// <summary>Stitch existing clips (and an optional song) into a new video.</summary>
    public const string Stitch = "Stitch";

    /// <summary>Write scenes only.</summary>
    public const string CreateScenes = "CreateScenes";

    internal const string PlanScenesActivity = "PlanScenes";
    internal const string SubmitClipActivity = "SubmitClip";
    internal const string WaitForClipActivity = "WaitForClip";
    internal const string FetchClipActivity = "FetchClip";
    internal const string SubmitImageActivity = "SubmitImage";
    internal const string WaitForImageActivity = "WaitForImage";
    internal const string FetchImageActivity = "FetchImage";
    internal const string StitchActivity = "StitchVideos";
}
