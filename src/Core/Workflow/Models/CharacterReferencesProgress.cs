using System.Text.Json.Serialization;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>The live custom status of a character references orchestration.</summary>
public sealed record CharacterReferencesProgress
{
    /// <summary>Gets how many images were asked for.</summary>
    [JsonPropertyName("images_requested")]
    public int ImagesRequested { get; init; }

    /// <summary>Gets how many images are stored so far.</summary>
    [JsonPropertyName("images_generated")]
    public int ImagesGenerated { get; init; }

    /// <summary>Gets how many images failed for good so far.</summary>
    [JsonPropertyName("images_failed")]
    public int ImagesFailed { get; init; }

    /// <summary>Gets what the stored images cost so far in US dollars.</summary>
    [JsonPropertyName("cost_usd")]
    public decimal CostUsd { get; init; }
}
