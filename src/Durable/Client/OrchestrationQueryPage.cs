namespace MusicVideo.Durable;

/// <summary>One page of a query and the token for the next page (null when done).</summary>
/// <param name="Instances">The instances of this page.</param>
/// <param name="ContinuationToken">The token for the next page, or null.</param>
public sealed record OrchestrationQueryPage(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);
