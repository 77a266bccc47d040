namespace MusicVideo.Durable.Storage;

/// <summary>A queued activity execution.</summary>
/// <param name="Id">The store-assigned id (0 before it is stored).</param>
/// <param name="InstanceId">The calling instance.</param>
/// <param name="ExecutionId">The calling execution.</param>
/// <param name="TaskId">The sequence id of the call in the caller's history.</param>
/// <param name="Name">The activity name.</param>
/// <param name="Input">The serialized input.</param>
public sealed record ActivityWorkItem(long Id, string InstanceId, string ExecutionId, int TaskId, string Name, string? Input);
