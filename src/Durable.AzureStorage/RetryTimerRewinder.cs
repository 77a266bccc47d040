using Azure.Data.Tables;
using Azure.Identity;

namespace MusicVideo.Durable.AzureStorage;

/// <summary>
/// Prepares a failed instance's history for the provider's rewind so that failures under retry policies can be rewound:
/// the provider clears failed calls but keeps the timers the orchestrator scheduled in reaction to them (Microsoft.DurableTask
/// waits on a durable timer between retries) and the later attempts of a failed sub-orchestration, and replay then fails as
/// non-deterministic. This clears those timers and attempts too, so the first failed attempt is what re-runs.
/// </summary>
/// <remarks>
/// A timer or sub-orchestration counts as a reaction when it was scheduled in an episode that received a failure being rewound
/// (TaskFailed or SubOrchestrationInstanceFailed of the latest execution) or the firing of a timer cleared this way. Cleared rows become
/// GenericEvent rows, as the provider's own rewind does, so replay ignores them. Failed sub-orchestrations are prepared
/// recursively, as the provider rewinds them recursively.
/// </remarks>
sealed class RetryTimerRewinder(AzureStorageBackendOptions options)
{
    readonly TableClient _history = HistoryTable(options);

    public async Task PrepareAsync(string instanceId, CancellationToken cancellation)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _history.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, cancellationToken: cancellation).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.RowKey, b.RowKey));
        string? execution = rows.LastOrDefault(r => r.GetString("EventType") == "OrchestratorStarted")?.GetString("ExecutionId");
        if (execution is null)
        {
            return;
        }

        var current = rows.Where(r => r.GetString("ExecutionId") == execution).ToList();
        var clearedTimers = new HashSet<int>();
        var failedChildren = new List<string>();
        var episode = new List<TableEntity>();
        bool reacting = false;
        // Types as found: rows cleared during the walk still count for what they were.
        var types = current.ToDictionary(r => r.RowKey, r => r.GetString("EventType"), StringComparer.Ordinal);
        foreach (var row in current)
        {
            switch (types[row.RowKey])
            {
                case "OrchestratorStarted":
                    episode.Clear();
                    reacting = false;
                    break;
                case "TaskFailed":
                    reacting = true;
                    break;
                case "SubOrchestrationInstanceFailed":
                    reacting = true;
                    break;
                case "TimerFired" when clearedTimers.Contains(row.GetInt32("TimerId") ?? -2):
                    // The retry itself is scheduled when the cleared timer fires.
                    reacting = true;
                    break;
                case "TimerCreated" or "SubOrchestrationInstanceCreated":
                    episode.Add(row);
                    break;
                case "OrchestratorCompleted":
                    if (reacting)
                    {
                        foreach (var action in episode)
                        {
                            int id = action.GetInt32("EventId") ?? -1;
                            if (action.GetString("EventType") == "TimerCreated")
                            {
                                clearedTimers.Add(id);
                                await this.ClearAsync(action, cancellation).ConfigureAwait(false);
                            }
                            else if (Failure(current, id) is { } failure)
                            {
                                // A retry of a failed sub-orchestration that failed too: the first attempt is rewound instead.
                                await this.ClearAsync(failure, cancellation).ConfigureAwait(false);
                                await this.ClearAsync(action, cancellation).ConfigureAwait(false);
                            }
                        }
                    }

                    episode.Clear();
                    break;
            }
        }

        foreach (var failure in current.Where(r => r.GetString("EventType") == "SubOrchestrationInstanceFailed"))
        {
            int? scheduled = failure.GetInt32("TaskScheduledId");
            if (current.FirstOrDefault(r => r.GetString("EventType") == "SubOrchestrationInstanceCreated" && r.GetInt32("EventId") == scheduled)?.GetString("InstanceId") is { } child)
            {
                failedChildren.Add(child);
            }
        }

        foreach (var fired in current.Where(r => r.GetString("EventType") == "TimerFired" && clearedTimers.Contains(r.GetInt32("TimerId") ?? -2)))
        {
            await this.ClearAsync(fired, cancellation).ConfigureAwait(false);
        }

        foreach (string child in failedChildren.Distinct(StringComparer.Ordinal))
        {
            await this.PrepareAsync(child, cancellation).ConfigureAwait(false);
        }
    }

    static TableEntity? Failure(List<TableEntity> rows, int scheduledId)
        => rows.FirstOrDefault(r => r.GetString("EventType") == "SubOrchestrationInstanceFailed" && r.GetInt32("TaskScheduledId") == scheduledId);

    async Task ClearAsync(TableEntity row, CancellationToken cancellation)
    {
        row["Reason"] = "Rewound: " + row.GetString("EventType");
        row["EventType"] = "GenericEvent";
        await _history.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
    }

    static TableClient HistoryTable(AzureStorageBackendOptions options)
    {
        string table = options.TaskHubName + "History";
        if (options.ConnectionString is { } connection)
        {
            return new TableClient(connection, table);
        }

        var blob = options.AccountUrl ?? throw new AzureStorageSettingsException("DURABLE_AZURE_STORAGE_ACCOUNT_URL is not set.");
        var endpoint = new UriBuilder(blob) { Host = blob.Host.Replace(".blob.", ".table.", StringComparison.OrdinalIgnoreCase), Path = string.Empty }.Uri;
        return new TableClient(endpoint, table, new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId }));
    }
}
