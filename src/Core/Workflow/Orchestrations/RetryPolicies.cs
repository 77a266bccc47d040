using MusicVideo.Durable;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>The workflow's retry policies for infrastructure steps (provider calls, storage, ffmpeg).</summary>
static class RetryPolicies
{
    /// <summary>Provider submit/poll/fetch: transient network and 5xx errors.</summary>
    public static TaskOptions Provider { get; } = TaskOptions.FromRetryPolicy(
        new RetryPolicy(5, TimeSpan.FromSeconds(1), 2.0, maxRetryInterval: TimeSpan.FromSeconds(30)));

    /// <summary>Scene planning (an LLM call at real providers).</summary>
    public static TaskOptions Planning { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2.0));

    /// <summary>Stitching (local ffmpeg; retried once for disk hiccups).</summary>
    public static TaskOptions Stitching { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromSeconds(2)));
}
