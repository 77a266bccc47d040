using System.Text.Json.Serialization;

namespace MusicVideo.Core.Providers.Replicate;

/// <summary>The price of one model; any combination of units adds up.</summary>
public sealed record ReplicatePrice
{
    /// <summary>Gets US dollars per second of <c>metrics.predict_time</c> (hardware-billed models).</summary>
    [JsonPropertyName("per_predict_second")]
    public decimal? PerPredictSecond { get; init; }

    /// <summary>Gets US dollars per output file (image models).</summary>
    [JsonPropertyName("per_output")]
    public decimal? PerOutput { get; init; }

    /// <summary>Gets US dollars per second of generated video (with audio, when the model makes audio).</summary>
    [JsonPropertyName("per_video_second")]
    public decimal? PerVideoSecond { get; init; }

    /// <summary>Gets US dollars per second of generated video without audio.</summary>
    [JsonPropertyName("per_video_second_without_audio")]
    public decimal? PerVideoSecondWithoutAudio { get; init; }
}
