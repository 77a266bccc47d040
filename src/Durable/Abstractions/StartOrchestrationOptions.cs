namespace MusicVideo.Durable;

/// <summary>Options for scheduling a new orchestration instance.</summary>
/// <param name="InstanceId">The instance id; a new GUID ("N" format) when null.</param>
/// <param name="StartAt">The time at which the orchestration starts; now when null.</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);
