using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MusicVideo.Core.Providers.Replicate;

/// <summary>A Replicate prediction object, as <c>GET /v1/predictions/{id}</c> and webhooks deliver it (fields we read).</summary>
public sealed record ReplicatePrediction
{
    /// <summary>Gets the prediction id.</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>Gets the model (<c>owner/name</c>).</summary>
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    /// <summary>Gets the version hash.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>Gets the input the prediction ran with.</summary>
    [JsonPropertyName("input")]
    public JsonObject? Input { get; init; }

    /// <summary>Gets starting, processing, succeeded, failed, canceled or aborted.</summary>
    [JsonPropertyName("status")]
    public string Status { get; init; } = "starting";

    /// <summary>Gets the output: a file URL or an array of them.</summary>
    [JsonPropertyName("output")]
    public JsonNode? Output { get; init; }

    /// <summary>Gets the failure text (a string, sometimes an object).</summary>
    [JsonPropertyName("error")]
    public JsonNode? Error { get; init; }

    /// <summary>Gets the metrics (<c>predict_time</c> in seconds is what Replicate bills for time-priced models).</summary>
    [JsonPropertyName("metrics")]
    public ReplicateMetrics? Metrics { get; init; }

    /// <summary>Gets whether Replicate has already deleted the inputs and outputs (after an hour).</summary>
    [JsonPropertyName("data_removed")]
    public bool DataRemoved { get; init; }

    /// <summary>True when the prediction will not change any more.</summary>
    [JsonIgnore]
    public bool IsTerminal => Status is "succeeded" or "failed" or "canceled" or "aborted";

    /// <summary>The error as text.</summary>
    [JsonIgnore]
    public string? ErrorText => Error switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonObject o when o["message"] is JsonValue m && m.TryGetValue(out string? s) => s,
        var other => other.ToJsonString(),
    };

    /// <summary>The output file URLs in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> OutputUrls => Output switch
    {
        JsonValue v when v.TryGetValue(out string? s) => [s],
        JsonArray a => [.. a.OfType<JsonValue>().Select(x => x.TryGetValue(out string? s) ? s : null).OfType<string>()],
        JsonObject o => [.. o.Select(p => p.Value).OfType<JsonValue>().Select(x => x.TryGetValue(out string? s) ? s : null).OfType<string>()],
        _ => [],
    };
}

/// <summary>The metrics of a prediction.</summary>
/// <param name="PredictTime">Seconds of model time.</param>
/// <param name="TotalTime">Seconds from creation to completion.</param>
/// <param name="ImageCount">The images an image model made and billed, when it reports them.</param>
public sealed record ReplicateMetrics(
    [property: JsonPropertyName("predict_time")] double? PredictTime = null,
    [property: JsonPropertyName("total_time")] double? TotalTime = null,
    [property: JsonPropertyName("image_count")] int? ImageCount = null);
