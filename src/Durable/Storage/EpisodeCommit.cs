using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Storage;

/// <summary>Everything one episode changes, applied by the store in a single transaction.</summary>
public sealed record EpisodeCommit
{
    /// <summary>Gets the instance whose episode this is.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Gets the inbox messages the episode consumed (deleted on commit).</summary>
    public IReadOnlyList<long> ConsumedMessageIds { get; init; } = [];

    /// <summary>Gets a value indicating whether <see cref="History"/> replaces the stored history instead of extending it.</summary>
    public bool ReplaceHistory { get; init; }

    /// <summary>Gets the history events to append (or the whole new history when replacing).</summary>
    public IReadOnlyList<HistoryEvent> History { get; init; } = [];

    /// <summary>Gets the new instance row, or null to leave it unchanged.</summary>
    public OrchestrationInstanceRecord? Instance { get; init; }

    /// <summary>Gets new inbox messages (for this or other instances).</summary>
    public IReadOnlyList<OrchestrationMessage> Messages { get; init; } = [];

    /// <summary>Gets new activity work items.</summary>
    public IReadOnlyList<ActivityWorkItem> WorkItems { get; init; } = [];

    /// <summary>Gets sub-orchestrations to create: their row and start message.</summary>
    public IReadOnlyList<OrchestrationMessage> NewChildren { get; init; } = [];

    /// <summary>Gets the child instance rows matching <see cref="NewChildren"/>.</summary>
    public IReadOnlyList<OrchestrationInstanceRecord> NewChildRows { get; init; } = [];

    /// <summary>Gets children re-linked to this instance's (new) execution and call sequence id (a rewind renumbered the history).</summary>
    public IReadOnlyList<KeyValuePair<string, int>> ParentTaskUpdates { get; init; } = [];
}
