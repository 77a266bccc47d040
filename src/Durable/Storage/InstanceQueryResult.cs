namespace MusicVideo.Durable.Storage;

/// <summary>One page of instance rows and the token for the next page (null when done).</summary>
/// <param name="Instances">The rows.</param>
/// <param name="ContinuationToken">The opaque token of the next page, or null.</param>
public sealed record InstanceQueryResult(IReadOnlyList<OrchestrationInstanceRecord> Instances, string? ContinuationToken);
