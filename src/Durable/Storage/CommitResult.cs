namespace MusicVideo.Durable.Storage;

/// <summary>The stored messages and work items of a commit, with their assigned ids.</summary>
/// <param name="Messages">The messages stored, including any the store generated (e.g. a child that could not be created).</param>
/// <param name="WorkItems">The work items stored.</param>
public sealed record CommitResult(IReadOnlyList<OrchestrationMessage> Messages, IReadOnlyList<ActivityWorkItem> WorkItems);
