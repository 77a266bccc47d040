using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>The workflow's retry policies for infrastructure steps (provider calls, storage, ffmpeg).</summary>
/// <remarks>A <see cref="PermanentFailureException"/> is never retried: retrying bad input or a policy refusal only pays twice.</remarks>
static class RetryPolicies
{
    /// <summary>Provider submit/poll/fetch: transient network and 5xx errors.</summary>
    public static TaskOptions Provider { get; } = Retry(new RetryPolicy(5, TimeSpan.FromSeconds(1), 2.0, maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = static failure => !failure.IsPermanent(),
    });

    /// <summary>Scene planning (an LLM call at real providers).</summary>
    /// <remarks>
    /// The HTTP client already retries a transient answer a few times within seconds; these five attempts on durable timers
    /// (about 30 s in all) let a job ride out a longer outage of the LLM instead of failing.
    /// </remarks>
    public static TaskOptions Planning { get; } = Retry(new RetryPolicy(5, TimeSpan.FromSeconds(2), 2.0, maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = static failure => !failure.IsPermanent(),
    });

    /// <summary>Stitching (local ffmpeg; retried once for disk hiccups).</summary>
    public static TaskOptions Stitching { get; } = Retry(new RetryPolicy(2, TimeSpan.FromSeconds(2))
    {
        HandleFailure = static failure => !failure.IsPermanent(),
    });

    static TaskOptions Retry(RetryPolicy policy) => TaskOptions.FromRetryPolicy(policy);
}
