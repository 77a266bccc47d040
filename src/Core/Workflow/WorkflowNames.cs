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

    /// <summary>The activity that writes the scenes.</summary>
    public const string PlanScenesActivity = "PlanScenes";

    /// <summary>The activity that reads what a plan's model calls cost (by its cost key), also when the plan failed.</summary>
    public const string PlanCostActivity = "PlanCost";

    /// <summary>The activity that submits a clip job to the provider.</summary>
    public const string SubmitClipActivity = "SubmitClip";

    /// <summary>The activity that polls a clip job for a bounded time.</summary>
    public const string WaitForClipActivity = "WaitForClip";

    /// <summary>The activity that downloads a finished clip into the media store and probes it.</summary>
    public const string FetchClipActivity = "FetchClip";

    /// <summary>The activity that reads what a clip attempt cost (by its idempotency key), also when the attempt failed.</summary>
    public const string ClipAttemptCostActivity = "ClipAttemptCost";

    /// <summary>The activity that submits an image job to the provider.</summary>
    public const string SubmitImageActivity = "SubmitImage";

    /// <summary>The activity that polls an image job for a bounded time.</summary>
    public const string WaitForImageActivity = "WaitForImage";

    /// <summary>The activity that downloads a finished image into the media store.</summary>
    public const string FetchImageActivity = "FetchImage";

    /// <summary>The activity that stitches clips and the song with ffmpeg.</summary>
    public const string StitchActivity = "StitchVideos";
}
