namespace MusicVideo.Core.Storage;

/// <summary>The kinds of stored artefacts; each has its own folder (seed §3.2) and URL route.</summary>
public enum MediaKind
{
    /// <summary>Generated clips and stitched videos (<c>videos/{id}.mp4</c>, served by <c>get_video</c>).</summary>
    Video,

    /// <summary>Generated or uploaded character references (<c>character_references/{id}.{png|jpg|webp}</c>).</summary>
    CharacterReference,

    /// <summary>Songs and other audio (<c>audio/{id}.{ext}</c>).</summary>
    Audio,
}
