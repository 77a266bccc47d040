using System.Text.Json;
using System.Text.Json.Nodes;
using MusicVideo.Core.Media;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Keeps a clip's ffprobe result in its stored metadata so later steps (stitch) need not probe it again.</summary>
static class ClipProbe
{
    public const string MetadataKey = "probe";

    public static JsonNode? ToJson(MediaInfo info) => JsonSerializer.SerializeToNode(info);

    public static MediaInfo? FromMetadata(MediaMetadata? metadata)
    {
        if (metadata?.Parameters?[MetadataKey] is not { } node)
        {
            return null;
        }

        try
        {
            return node.Deserialize<MediaInfo>();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
