using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Runtime;

/// <summary>Plans a rewind that keeps every successful result, including calls made with a retry policy.</summary>
/// <remarks>
/// A failure is "final" when no call of the same task among what reacted to it (transitively, through
/// <see cref="HistoryEvent.CausedBy"/> and the completions of what it scheduled) ever succeeded — e.g. the last attempt
/// of a retried call, or the first attempt together with all retries and retry timers that followed it. Other work that
/// reacted and succeeded (a cost lookup or a log call in a catch block) does not make the failure recovered. Final
/// failures and their reactions are removed, the remaining sequence ids are renumbered to what a replay will allocate,
/// and every kept call without a result is issued again. Microsoft's rewind leaves the retry timers behind, which is why it breaks on retried calls.
/// </remarks>
static class RewindPlanner
{
    /// <summary>Plans a rewind of <paramref name="history"/>.</summary>
    /// <param name="history">The failed execution's history.</param>
    /// <param name="handled">Indexes of failure events to keep because the code handled them (found by a replay check).</param>
    public static RewindPlan Plan(IReadOnlyList<HistoryEvent> history, IReadOnlySet<int>? handled = null)
    {
        var causedBy = new Dictionary<int, List<int>>();
        var completionsOf = new Dictionary<int, List<int>>();
        var taskNames = new Dictionary<int, string?>();
        for (int i = 0; i < history.Count; i++)
        {
            var e = history[i];
            if (IsScheduling(e.EventType))
            {
                taskNames[e.EventId] = e.Name;
            }

            if (IsScheduling(e.EventType) && e.CausedBy is { } cause)
            {
                GetList(causedBy, cause).Add(i);
            }
            else if (IsCompletion(e.EventType) && e.TaskScheduledId is { } id)
            {
                GetList(completionsOf, id).Add(i);
            }
        }

        var removed = new HashSet<int>();
        var roots = new List<int>();
        for (int i = 0; i < history.Count; i++)
        {
            var type = history[i].EventType;
            if (type is HistoryEventType.TaskFailed or HistoryEventType.SubOrchestrationInstanceFailed && handled?.Contains(i) != true)
            {
                string? task = NameOf(history[i]);
                var reaction = Closure(i);
                if (!reaction.Any(r => history[r].EventType is HistoryEventType.TaskCompleted or HistoryEventType.SubOrchestrationInstanceCompleted
                    && string.Equals(NameOf(history[r]), task, StringComparison.Ordinal)))
                {
                    roots.Add(i);
                    removed.Add(i);
                    removed.UnionWith(reaction);
                }
            }
            else if (type == HistoryEventType.ExecutionCompleted)
            {
                removed.Add(i);
            }
        }

        // Sequence ids freed by removed calls shift every later id down, exactly as a replay will allocate them.
        var freedIds = history.Where((e, i) => removed.Contains(i) && IsScheduling(e.EventType)).Select(e => e.EventId).Order().ToArray();
        int NewId(int id) => id - CountBelow(freedIds, id);

        var newIndex = new Dictionary<int, int>();
        var kept = new List<HistoryEvent>();
        var childTaskIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < history.Count; i++)
        {
            if (removed.Contains(i))
            {
                continue;
            }

            var e = history[i];
            newIndex[i] = kept.Count;
            if (IsScheduling(e.EventType))
            {
                int id = NewId(e.EventId);
                if (e.EventType == HistoryEventType.SubOrchestrationInstanceCreated && e.InstanceId is not null)
                {
                    // The child may have been re-created by a removed retry under another id: point it at the kept call.
                    childTaskIds[e.InstanceId] = id;
                }

                e = e with { EventId = id };
            }
            else if (IsCompletion(e.EventType) && e.TaskScheduledId is { } scheduled)
            {
                e = e with { TaskScheduledId = NewId(scheduled) };
            }

            kept.Add(e);
        }

        for (int i = 0; i < kept.Count; i++)
        {
            if (kept[i].CausedBy is { } cause && newIndex.TryGetValue(cause, out int mapped))
            {
                kept[i] = kept[i] with { CausedBy = mapped };
            }
        }

        var completed = kept.Where(e => IsCompletion(e.EventType)).Select(e => e.TaskScheduledId!.Value).ToHashSet();
        var reissue = kept
            .Where(e => e.EventType is HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated or HistoryEventType.SubOrchestrationInstanceCreated)
            .Where(e => !completed.Contains(e.EventId))
            .ToList();
        return new RewindPlan(kept, reissue, [.. childTaskIds], roots);

        string? NameOf(HistoryEvent completion) => completion.TaskScheduledId is { } id ? taskNames.GetValueOrDefault(id) : null;

        HashSet<int> Closure(int start)
        {
            var seen = new HashSet<int>();
            var queue = new Queue<int>();
            queue.Enqueue(start);
            while (queue.TryDequeue(out int n))
            {
                var e = history[n];
                IEnumerable<int> next = IsScheduling(e.EventType)
                    ? completionsOf.GetValueOrDefault(e.EventId) ?? []
                    : causedBy.GetValueOrDefault(n) ?? [];
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

    static bool IsScheduling(HistoryEventType type) => type is HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated
        or HistoryEventType.SubOrchestrationInstanceCreated or HistoryEventType.EventSent;

    static bool IsCompletion(HistoryEventType type) => type is HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed
        or HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed or HistoryEventType.TimerFired;

    static List<int> GetList(Dictionary<int, List<int>> map, int key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        return list;
    }

    static int CountBelow(int[] sorted, int value)
    {
        int index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index : ~index;
    }
}
