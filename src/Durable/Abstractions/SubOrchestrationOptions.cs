namespace MusicVideo.Durable;

/// <summary>Options for a sub-orchestration call, including its instance id.</summary>
/// <param name="Retry">The retry policy, or null for a single attempt.</param>
/// <param name="InstanceId">The child instance id; a deterministic id is generated when null.</param>
public sealed record SubOrchestrationOptions(RetryPolicy? Retry = null, string? InstanceId = null) : TaskOptions(Retry);
