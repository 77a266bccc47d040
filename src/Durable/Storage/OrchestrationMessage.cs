using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Storage;

/// <summary>A message in an instance's inbox: a new event for its next episode, visible from a given time.</summary>
/// <param name="Id">The store-assigned id (0 before it is stored); ids grow in insertion order.</param>
/// <param name="InstanceId">The target instance.</param>
/// <param name="ExecutionId">The target execution, or null for any (messages for another execution are dropped).</param>
/// <param name="VisibleAt">The UTC time from which the message may be processed (timers fire then).</param>
/// <param name="Event">The event to process.</param>
public sealed record OrchestrationMessage(long Id, string InstanceId, string? ExecutionId, DateTime VisibleAt, HistoryEvent Event);
