using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Storage;

/// <summary>Durable state of orchestrations: instance rows, histories, inboxes and the activity queue.</summary>
/// <remarks>Every store passes the same conformance tests; the embedded default is <see cref="SqliteOrchestrationStore"/>.</remarks>
public abstract class OrchestrationStore : IAsyncDisposable
{
    /// <summary>Creates the schema when missing.</summary>
    public abstract Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates (or re-creates, when the old one is terminal) an instance with its start message.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is used by a non-terminal instance.</exception>
    public abstract Task<OrchestrationMessage> CreateInstanceAsync(
        OrchestrationInstanceRecord instance, OrchestrationMessage start, CancellationToken cancellationToken = default);

    /// <summary>Appends a message to an instance's inbox and returns it with its id.</summary>
    public abstract Task<OrchestrationMessage> SendMessageAsync(OrchestrationMessage message, CancellationToken cancellationToken = default);

    /// <summary>Applies an episode atomically.</summary>
    public abstract Task<CommitResult> CommitEpisodeAsync(EpisodeCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Deletes a finished work item and stores its result message atomically; null when the item is gone.</summary>
    public abstract Task<OrchestrationMessage?> CompleteWorkItemAsync(
        long workItemId, OrchestrationMessage result, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance row.</summary>
    public abstract Task<OrchestrationInstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Lists the ids of the sub-orchestrations an instance started (any status).</summary>
    public abstract Task<IReadOnlyList<string>> GetChildInstanceIdsAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Reads the history of an instance's current execution.</summary>
    public abstract Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Lists instances one page at a time.</summary>
    public abstract Task<InstanceQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes one terminal instance with its history; returns the number deleted (0 or 1).</summary>
    public abstract Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes terminal instances matching a filter, within its time bound.</summary>
    public abstract Task<PurgeResult> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Loads every unprocessed message and work item (used when a worker starts).</summary>
    public abstract Task<PendingWork> LoadPendingWorkAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads messages written by other processes after the given id.</summary>
    public abstract Task<IReadOnlyList<OrchestrationMessage>> ReadForeignMessagesAsync(long afterId, CancellationToken cancellationToken = default);

    /// <summary>Releases the store's resources.</summary>
    public abstract ValueTask DisposeAsync();
}
