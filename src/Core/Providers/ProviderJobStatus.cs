using System.Text.Json.Serialization;

namespace MusicVideo.Core.Providers;

/// <summary>One poll of a provider job.</summary>
/// <param name="State">Where the job is.</param>
/// <param name="Error">The failure text when <see cref="State"/> is Failed.</param>
/// <param name="Retriable">For failures: whether submitting again (a new attempt) may succeed.</param>
/// <param name="RetryAfter">For failures: how long to wait before a new attempt, when known.</param>
/// <param name="Reason">For failures: the classification.</param>
/// <param name="Progress">Completion from 0 to 1 when the provider reports it.</param>
/// <param name="CostUsd">For finished jobs: what the job cost in US dollars, when known.</param>
public sealed record ProviderJobStatus(
    [property: JsonPropertyName("state")] ProviderJobState State,
    [property: JsonPropertyName("error")] string? Error = null,
    [property: JsonPropertyName("retriable")] bool Retriable = false,
    [property: JsonPropertyName("retry_after")] TimeSpan? RetryAfter = null,
    [property: JsonPropertyName("reason")] ProviderErrorReason? Reason = null,
    [property: JsonPropertyName("progress")] double? Progress = null,
    [property: JsonPropertyName("cost_usd")] decimal? CostUsd = null)
{
    /// <summary>True when the job will not change state any more.</summary>
    [JsonIgnore]
    public bool IsTerminal => State is ProviderJobState.Succeeded or ProviderJobState.Failed;

    /// <summary>A failed status classified by reason.</summary>
    public static ProviderJobStatus Failed(string error, ProviderErrorReason reason, TimeSpan? retryAfter = null) =>
        new(ProviderJobState.Failed, error, ProviderException.IsRetriableReason(reason), retryAfter, reason);
}
