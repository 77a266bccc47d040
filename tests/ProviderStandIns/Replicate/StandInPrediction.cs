using System.Text.Json.Nodes;

namespace MusicVideo.ProviderStandIns.Replicate;

/// <summary>One prediction held by the Replicate stand-in.</summary>
public sealed class StandInPrediction
{
    /// <summary>Gets the id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the model.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the version when created by version.</summary>
    public string? Version { get; init; }

    /// <summary>Gets the input as sent.</summary>
    public required JsonObject Input { get; init; }

    /// <summary>Gets the webhook URL, if any.</summary>
    public string? Webhook { get; init; }

    /// <summary>Gets the creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Gets or sets the status.</summary>
    public string Status { get; set; } = "starting";

    /// <summary>Gets or sets the error of a failed prediction.</summary>
    public string? Error { get; set; }

    /// <summary>Gets or sets the model time billed, set on completion.</summary>
    public double? PredictTime { get; set; }

    /// <summary>Gets or sets when it completed.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Gets a value indicating whether it will not change any more.</summary>
    public bool IsTerminal => Status is "succeeded" or "failed" or "canceled" or "aborted";

    /// <summary>Gets a completion source set when the prediction becomes terminal.</summary>
    public TaskCompletionSource Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
