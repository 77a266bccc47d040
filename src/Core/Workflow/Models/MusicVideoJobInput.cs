namespace MusicVideo.Core.Workflow.Models;

/// <summary>What a music video job makes: the idea, the character, the song and the look; for edits, what to reuse.</summary>
public sealed record MusicVideoJobInput
{
    /// <summary>Gets the idea of the video.</summary>
    public required string Idea { get; init; }

    /// <summary>Gets the description of the main character.</summary>
    public required string CharacterDescription { get; init; }

    /// <summary>Gets the optional character reference image (stored media id).</summary>
    public Guid? CharacterReferenceId { get; init; }

    /// <summary>Gets the optional song (stored audio id) laid under the video.</summary>
    public Guid? SongId { get; init; }

    /// <summary>Gets the number of scenes (1–12).</summary>
    public int SceneCount { get; init; } = 4;

    /// <summary>Gets the mode: music-video or ad-creative.</summary>
    public string Mode { get; init; } = "music-video";

    /// <summary>Gets the optional director style id.</summary>
    public string? DirectorStyle { get; init; }

    /// <summary>Gets the aspect ratio (16:9, 9:16 or 1:1).</summary>
    public string AspectRatio { get; init; } = "16:9";

    /// <summary>Gets the duration of each clip in seconds (4, 6 or 8).</summary>
    public int ClipDurationSeconds { get; init; } = 8;

    /// <summary>Gets the seed that makes planning and rendering repeatable.</summary>
    public int Seed { get; init; }

    /// <summary>Gets a value indicating whether a song shorter than the video is looped.</summary>
    public bool LoopSong { get; init; }

    /// <summary>Gets the job this cut was derived from (edits only).</summary>
    public string? ParentJobId { get; init; }

    /// <summary>Gets pre-written scenes (edits only); when set, planning is skipped except for <see cref="RewriteScenes"/>.</summary>
    public IReadOnlyList<SceneDraft>? Scenes { get; init; }

    /// <summary>Gets clips to reuse by zero-based scene index (edits only).</summary>
    public IReadOnlyDictionary<int, Guid>? ReuseClips { get; init; }

    /// <summary>Gets the zero-based scene indexes whose prompt is written again (edits only).</summary>
    public IReadOnlyList<int>? RewriteScenes { get; init; }
}
