using Azure.Data.Tables;

namespace MusicVideo.Durable.AzureStorage;

/// <summary>
/// Rewinds a failed instance on the Azure Storage provider's tables with the embedded engine's rule: only final failures
/// re-run, with everything that reacted to them; a failure a later attempt of the same call recovered from is kept.
/// </summary>
/// <remarks>
/// <para>
/// The provider's own rewind clears every failed call of the execution, also those the orchestrator caught and recovered from,
/// and keeps what the code did in reaction (a retry timer, a later attempt, a cost lookup in a catch block), so the replay
/// then fails as non-deterministic. This rewinder uses the same table operations the provider does (a cleared row becomes a
/// <c>GenericEvent</c> row, which replay ignores; the instance row goes back to <c>Pending</c>; a generic event wakes the
/// deepest failed instances) on a better plan.
/// </para>
/// <para>
/// A failure is final when no call of the same name among its reactions succeeded. Reactions are found by episode: the
/// history does not say which received event made the code schedule a call, so every call scheduled in an episode that
/// received a failure (or the completion of a reaction) counts as a reaction. A final failure, its reactions and their
/// completions are cleared; a failed activity's scheduling row is cleared too, so the replay schedules it again under the
/// same sequence number; a failed sub-orchestration keeps its row and is rewound recursively. Calls the replay will no
/// longer make free their sequence numbers, so later kept calls are renumbered to what the replay allocates.
/// </para>
/// </remarks>
sealed class AzureStorageRewinder(AzureStorageBackend backend)
{
    const string SentinelRowKey = "sentinel";

    readonly TableClient _history = Table(backend, "History");
    readonly TableClient _instances = Table(backend, "Instances");

    /// <summary>Rewrites the history of <paramref name="instanceId"/> and its failed sub-orchestrations for a rewind.</summary>
    /// <returns>The ids of the instances to wake: the deepest rewound instance on every failed branch.</returns>
    /// <exception cref="InvalidOperationException">The history cannot be rewound safely; nothing was changed.</exception>
    public async Task<IReadOnlyList<string>> RewindAsync(string instanceId, CancellationToken cancellation)
    {
        var plans = new List<RewindRows>();
        await this.PlanAsync(instanceId, plans, cancellation).ConfigureAwait(false);
        // Every instance is planned before any row changes: a refusal leaves the whole tree as it was.
        foreach (var plan in plans)
        {
            foreach (var row in plan.Changed)
            {
                await _history.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
            }

            await _instances.UpsertEntityAsync(
                new TableEntity(plan.InstanceId, string.Empty) { ["RuntimeStatus"] = "Pending", ["LastUpdatedTime"] = DateTime.UtcNow },
                TableUpdateMode.Merge,
                cancellation).ConfigureAwait(false);
        }

        return plans.Where(p => p.Children.Count == 0).Select(p => p.InstanceId).ToList();
    }

    async Task PlanAsync(string instanceId, List<RewindRows> plans, CancellationToken cancellation)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _history.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, cancellationToken: cancellation).ConfigureAwait(false))
        {
            if (row.RowKey != SentinelRowKey)
            {
                rows.Add(row);
            }
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.RowKey, b.RowKey));
        string? execution = rows.LastOrDefault(r => TypeOf(r) == "OrchestratorStarted")?.GetString("ExecutionId");
        var current = rows.Where(r => execution is not null && r.GetString("ExecutionId") == execution).ToList();
        var plan = Plan(instanceId, current);
        plans.Add(plan);
        foreach (string child in plan.Children)
        {
            await this.PlanAsync(child, plans, cancellation).ConfigureAwait(false);
        }
    }

    static RewindRows Plan(string instanceId, List<TableEntity> rows)
    {
        var types = rows.Select(TypeOf).ToArray();
        var episodeOf = new int[rows.Count];
        var actionsOf = new List<List<int>>();
        var scheduling = new Dictionary<int, int>();
        var completionsOf = new Dictionary<int, List<int>>();
        for (int i = 0; i < rows.Count; i++)
        {
            if (types[i] == "OrchestratorStarted" || actionsOf.Count == 0)
            {
                actionsOf.Add([]);
            }

            episodeOf[i] = actionsOf.Count - 1;
            if (IsScheduling(types[i]))
            {
                actionsOf[^1].Add(i);
                scheduling[rows[i].GetInt32("EventId") ?? -1] = i;
            }
            else if (ScheduledIdOf(rows[i], types[i]) is { } id)
            {
                if (!completionsOf.TryGetValue(id, out var list))
                {
                    completionsOf[id] = list = [];
                }

                list.Add(i);
            }
        }

        string? NameOf(int completion) =>
            ScheduledIdOf(rows[completion], types[completion]) is { } id && scheduling.TryGetValue(id, out int s) ? rows[s].GetString("Name") : null;

        var cleared = new HashSet<int>();
        var reissued = new HashSet<int>();
        var freed = new List<int>();
        for (int i = 0; i < rows.Count; i++)
        {
            if (types[i] is not ("TaskFailed" or "SubOrchestrationInstanceFailed"))
            {
                continue;
            }

            string? name = NameOf(i);
            var reaction = Closure(i);
            if (reaction.Any(r => types[r] is "TaskCompleted" or "SubOrchestrationInstanceCompleted" && NameOf(r) == name))
            {
                continue; // recovered: a later attempt of the same call succeeded
            }

            cleared.Add(i);
            cleared.UnionWith(reaction);
            freed.AddRange(reaction.Where(r => IsScheduling(types[r])).Select(r => rows[r].GetInt32("EventId") ?? -1));
            if (types[i] == "TaskFailed" && scheduling.TryGetValue(rows[i].GetInt32("TaskScheduledId") ?? -1, out int task))
            {
                reissued.Add(task);
            }
        }

        // Calls left without a result (the instance failed while they ran) are scheduled again by the replay, too.
        foreach (var (id, row) in scheduling)
        {
            if (types[row] is "TaskScheduled" or "TimerCreated" && !cleared.Contains(row)
                && !(completionsOf.GetValueOrDefault(id) ?? []).Any(c => !cleared.Contains(c)))
            {
                reissued.Add(row);
            }
        }

        reissued.ExceptWith(cleared);
        var freedIds = freed.Distinct().Order().ToArray();
        int NewId(int id) => id - freedIds.Count(f => f < id);

        var changed = new List<TableEntity>();
        var children = new List<string>();
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (cleared.Contains(i) || reissued.Contains(i) || types[i] == "ExecutionCompleted")
            {
                row["Reason"] = "Rewound: " + types[i];
                row["EventType"] = "GenericEvent";
                changed.Add(row);
                continue;
            }

            bool renumbered = false;
            if (IsScheduling(types[i]) && row.GetInt32("EventId") is { } id && NewId(id) != id)
            {
                if (types[i] == "SubOrchestrationInstanceCreated" && PendingChild(id))
                {
                    throw new InvalidOperationException(
                        $"Cannot rewind instance '{instanceId}' on azure-storage: its failed sub-orchestration '{row.GetString("InstanceId")}' would " +
                        "report to a call whose sequence number moves. Restart the instance instead.");
                }

                row["EventId"] = NewId(id);
                renumbered = true;
            }
            else if (ScheduledIdOf(row, types[i]) is { } scheduled && NewId(scheduled) != scheduled)
            {
                row[types[i] == "TimerFired" ? "TimerId" : "TaskScheduledId"] = NewId(scheduled);
                renumbered = true;
            }

            if (types[i] == "SubOrchestrationInstanceCreated" && PendingChild(row.GetInt32("EventId") ?? -1))
            {
                children.Add(row.GetString("InstanceId")!);
            }

            if (renumbered)
            {
                changed.Add(row);
            }
        }

        return new RewindRows(instanceId, changed, children);

        // A kept sub-orchestration whose only result is a failure being cleared: the child is rewound and reports again.
        bool PendingChild(int id)
        {
            var results = completionsOf.GetValueOrDefault(id) ?? [];
            return results.Count > 0 && results.All(c => cleared.Contains(c) && types[c] == "SubOrchestrationInstanceFailed");
        }

        HashSet<int> Closure(int start)
        {
            var seen = new HashSet<int>();
            var queue = new Queue<int>([start]);
            while (queue.TryDequeue(out int n))
            {
                IEnumerable<int> next = IsScheduling(types[n])
                    ? completionsOf.GetValueOrDefault(rows[n].GetInt32("EventId") ?? -1) ?? []
                    : actionsOf[episodeOf[n]].Where(a => a > n);
                foreach (int m in next)
                {
                    if (seen.Add(m))
                    {
                        queue.Enqueue(m);
                    }
                }
            }

            return seen;
        }
    }

    static string? TypeOf(TableEntity row) => row.GetString("EventType");

    static bool IsScheduling(string? type) => type is "TaskScheduled" or "TimerCreated" or "SubOrchestrationInstanceCreated" or "EventSent";

    static int? ScheduledIdOf(TableEntity row, string? type) => type switch
    {
        "TaskCompleted" or "TaskFailed" or "SubOrchestrationInstanceCompleted" or "SubOrchestrationInstanceFailed" => row.GetInt32("TaskScheduledId"),
        "TimerFired" => row.GetInt32("TimerId"),
        _ => null,
    };

    static TableClient Table(AzureStorageBackend backend, string suffix)
    {
        var tables = backend.Clients.Table;
        return tables.CreateClient(tables.CreateOptions()).GetTableClient(backend.Options.TaskHubName + suffix);
    }

    /// <summary>The rows of one instance a rewind changes, and the failed children it rewinds.</summary>
    sealed record RewindRows(string InstanceId, IReadOnlyList<TableEntity> Changed, IReadOnlyList<string> Children);
}
