namespace MusicVideo.Durable;

/// <summary>Options for an activity or sub-orchestration call.</summary>
/// <param name="Retry">The retry policy, or null for a single attempt.</param>
public record TaskOptions(RetryPolicy? Retry = null)
{
    /// <summary>Creates options that retry with the given policy.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);

    /// <summary>Creates sub-orchestration options with an explicit instance id.</summary>
    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(this.Retry, instanceId);
}
