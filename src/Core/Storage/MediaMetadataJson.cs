using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicVideo.Core.Storage;

/// <summary>The one JSON form of <see cref="MediaMetadata"/> that every store writes (local sidecar files and cloud sidecar objects alike).</summary>
internal static class MediaMetadataJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>True when a stored file name is the artefact's own (<c>{id}.{ext}</c>, no folder), so tampered metadata cannot point elsewhere.</summary>
    public static bool IsOwnFileName(Guid id, string? name) =>
        name is not null
        && name.StartsWith(MediaId.Format(id) + ".", StringComparison.Ordinal)
        && name.IndexOfAny(['/', '\\']) < 0
        && !name.Contains("..", StringComparison.Ordinal);
}
