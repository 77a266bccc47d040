namespace MusicVideo.Durable.Storage;

/// <summary>All unprocessed messages and work items, loaded when a worker starts.</summary>
/// <param name="Messages">Inbox messages in id order.</param>
/// <param name="WorkItems">Activity work items in id order.</param>
/// <param name="LastMessageId">The highest message id ever assigned when the snapshot was taken.</param>
public sealed record PendingWork(IReadOnlyList<OrchestrationMessage> Messages, IReadOnlyList<ActivityWorkItem> WorkItems, long LastMessageId);
