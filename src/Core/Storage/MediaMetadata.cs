using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MusicVideo.Core.Storage;

/// <summary>The <c>metadata.json</c> stored beside each artefact (seed §3.7 fields, snake_case on disk).</summary>
public sealed record MediaMetadata
{
    /// <summary>The artefact id (filled by the store).</summary>
    [JsonPropertyName("id")]
    public Guid Id { get; init; }

    /// <summary>The artefact kind (filled by the store).</summary>
    [JsonPropertyName("kind")]
    public MediaKind Kind { get; init; }

    /// <summary>The stored file name, <c>{id}.{ext}</c> (filled by the store).</summary>
    [JsonPropertyName("file_name")]
    public string? FileName { get; init; }

    /// <summary>The MIME type sniffed from the content (filled by the store).</summary>
    [JsonPropertyName("content_type")]
    public string? ContentType { get; init; }

    /// <summary>The size in bytes (filled by the store).</summary>
    [JsonPropertyName("size_bytes")]
    public long SizeBytes { get; init; }

    /// <summary>When the artefact was stored (filled by the store when left default).</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The media duration in seconds (videos, audio).</summary>
    [JsonPropertyName("duration_seconds")]
    public double? DurationSeconds { get; init; }

    /// <summary>Pixel width (videos, images).</summary>
    [JsonPropertyName("width")]
    public int? Width { get; init; }

    /// <summary>Pixel height (videos, images).</summary>
    [JsonPropertyName("height")]
    public int? Height { get; init; }

    /// <summary>The prompt the artefact was generated from (without provider rules).</summary>
    [JsonPropertyName("prompt")]
    public string? Prompt { get; init; }

    /// <summary>The negative prompt, if any.</summary>
    [JsonPropertyName("negative_prompt")]
    public string? NegativePrompt { get; init; }

    /// <summary>The provider that made it (seed: <c>backend_used</c>), e.g. <c>local</c> or <c>replicate</c>.</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>The model that made it (seed: <c>model_used</c>).</summary>
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    /// <summary>The provider's job id (prediction id), for support and cost tracking.</summary>
    [JsonPropertyName("provider_job_id")]
    public string? ProviderJobId { get; init; }

    /// <summary>What the provider charged for it in US dollars, when known.</summary>
    [JsonPropertyName("cost_usd")]
    public decimal? CostUsd { get; init; }

    /// <summary>The seed used, if any.</summary>
    [JsonPropertyName("seed")]
    public int? Seed { get; init; }

    /// <summary>The aspect ratio requested.</summary>
    [JsonPropertyName("aspect_ratio")]
    public string? AspectRatio { get; init; }

    /// <summary>The artefacts this one was made from (stitch inputs; seed: <c>input_video_ids</c>), in order.</summary>
    [JsonPropertyName("source_ids")]
    public IReadOnlyList<Guid>? SourceIds { get; init; }

    /// <summary>The character reference used for a clip.</summary>
    [JsonPropertyName("character_reference_id")]
    public Guid? CharacterReferenceId { get; init; }

    /// <summary>The song laid under a stitched video.</summary>
    [JsonPropertyName("audio_overlay_id")]
    public Guid? AudioOverlayId { get; init; }

    /// <summary>How long generation or stitching took.</summary>
    [JsonPropertyName("processing_time_seconds")]
    public double? ProcessingTimeSeconds { get; init; }

    /// <summary>The original file name of an upload (display only; never used as a path).</summary>
    [JsonPropertyName("original_file_name")]
    public string? OriginalFileName { get; init; }

    /// <summary>Provider parameters as sent (seed: <c>parameters_used</c>).</summary>
    [JsonPropertyName("parameters")]
    public JsonObject? Parameters { get; init; }
}
