using System.Text.Json.Serialization;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>What a music video job makes: the idea, the character, the song and the look; for edits, what to reuse.</summary>
public sealed record MusicVideoJobInput
{
    /// <summary>Gets the idea of the video.</summary>
    [JsonPropertyName("idea")]
    public required string Idea { get; init; }

    /// <summary>Gets the description of the main character.</summary>
    [JsonPropertyName("character_description")]
    public required string CharacterDescription { get; init; }

    /// <summary>Gets the optional character reference image (stored media id).</summary>
    [JsonPropertyName("character_reference_id")]
    public Guid? CharacterReferenceId { get; init; }

    /// <summary>Gets the optional song (stored audio id) laid under the video.</summary>
    [JsonPropertyName("song_id")]
    public Guid? SongId { get; init; }

    /// <summary>Gets the number of scenes (1–12).</summary>
    [JsonPropertyName("number_of_scenes")]
    public int SceneCount { get; init; } = 4;

    /// <summary>Gets the mode: music-video or ad-creative.</summary>
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "music-video";

    /// <summary>Gets the optional director style id.</summary>
    [JsonPropertyName("director_style")]
    public string? DirectorStyle { get; init; }

    /// <summary>Gets the aspect ratio (16:9, 9:16 or 1:1).</summary>
    [JsonPropertyName("aspect_ratio")]
    public string AspectRatio { get; init; } = "16:9";

    /// <summary>Gets the duration of each clip in seconds (4, 6 or 8).</summary>
    [JsonPropertyName("clip_duration")]
    public int ClipDurationSeconds { get; init; } = 8;

    /// <summary>Gets the seed that makes planning and rendering repeatable.</summary>
    [JsonPropertyName("seed")]
    public int Seed { get; init; }

    /// <summary>Gets a value indicating whether a song shorter than the video is looped.</summary>
    [JsonPropertyName("loop_song")]
    public bool LoopSong { get; init; }

    /// <summary>Gets the job this cut was derived from (edits only).</summary>
    [JsonPropertyName("parent_job_id")]
    public string? ParentJobId { get; init; }

    /// <summary>Gets pre-written scenes (edits only); when set, planning is skipped except for <see cref="RewriteScenes"/>.</summary>
    [JsonPropertyName("scenes")]
    public IReadOnlyList<SceneDraft>? Scenes { get; init; }

    /// <summary>Gets clips to reuse by zero-based scene index (edits only).</summary>
    [JsonPropertyName("reuse_clips")]
    public IReadOnlyDictionary<int, Guid>? ReuseClips { get; init; }

    /// <summary>Gets the zero-based scene indexes whose prompt is written again (edits only).</summary>
    [JsonPropertyName("rewrite_scenes")]
    public IReadOnlyList<int>? RewriteScenes { get; init; }

    /// <summary>Gets how many times a scene's clip is attempted before the scene is reported failed (fixed when the job starts).</summary>
    [JsonPropertyName("clip_attempts")]
    public int ClipAttempts { get; init; } = 3;

    /// <summary>Gets the delay before the first clip retry in seconds, doubled each time (fixed when the job starts).</summary>
    [JsonPropertyName("clip_retry_delay_seconds")]
    public double ClipRetryDelaySeconds { get; init; } = 2;
}
