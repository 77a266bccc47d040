using System.Diagnostics;
using MusicVideo.Durable.Diagnostics;
using MusicVideo.Durable.History;
using MusicVideo.Durable.Runtime;
using MusicVideo.Durable.Storage;

namespace MusicVideo.Durable;

/// <content>Turns a batch of inbox messages into one committed episode.</content>
public sealed partial class EmbeddedDurableTaskWorker
{
    /// <summary>Processes one batch for an instance and returns the messages parked because it is suspended.</summary>
    async Task<List<OrchestrationMessage>> ProcessEpisodeAsync(string instanceId, List<OrchestrationMessage> batch)
    {
        long started = Stopwatch.GetTimestamp();
        var now = DateTime.UtcNow;
        foreach (var message in batch)
        {
            if (message.VisibleAt > DateTime.MinValue && message.VisibleAt < now)
            {
                DurableTelemetry.QueueLatency.Record((now - message.VisibleAt).TotalMilliseconds);
            }
        }

        var (row, history) = await this.LoadAsync(instanceId, batch).ConfigureAwait(false);
        var consumed = new List<long>(batch.Count);
        if (row is null)
        {
            // Purged or never created (an event sent to a missing instance): drop the messages.
            consumed.AddRange(batch.Select(m => m.Id));
            await _store.CommitEpisodeAsync(new EpisodeCommit { InstanceId = instanceId, ConsumedMessageIds = consumed }).ConfigureAwait(false);
            return [];
        }

        var inbound = new List<HistoryEvent>(batch.Count + 1);
        var parked = new List<OrchestrationMessage>();
        bool suspended = row.Status == OrchestrationRuntimeStatus.Suspended;
        bool terminate = false;
        bool terminateChildren = false;
        string? terminateReason = null;
        OrchestrationMessage? rewind = null;
        foreach (var message in batch)
        {
            if (message.ExecutionId is not null && message.ExecutionId != row.ExecutionId)
            {
                consumed.Add(message.Id);
                continue;
            }

            var e = message.Event;
            switch (e.EventType)
            {
                case HistoryEventType.ExecutionTerminated:
                    consumed.Add(message.Id);
                    if (!terminate)
                    {
                        terminate = true;
                        terminateReason = e.Input;
                    }

                    terminateChildren |= e.Recursive == true;

                    break;
                case HistoryEventType.ExecutionSuspended:
                    consumed.Add(message.Id);
                    if (!suspended && !row.Status.IsTerminal())
                    {
                        suspended = true;
                        inbound.Add(e);
                    }

                    break;
                case HistoryEventType.ExecutionResumed:
                    consumed.Add(message.Id);
                    if (suspended)
                    {
                        suspended = false;
                        inbound.Add(e);
                        consumed.AddRange(parked.Select(p => p.Id));
                        inbound.AddRange(parked.Select(p => p.Event));
                        parked.Clear();
                    }

                    break;
                case HistoryEventType.ExecutionRewound:
                    consumed.Add(message.Id);
                    rewind ??= message;
                    break;
                default:
                    if (suspended)
                    {
                        parked.Add(message);
                    }
                    else
                    {
                        consumed.Add(message.Id);
                        inbound.Add(e);
                    }

                    break;
            }
        }

        EpisodeCommit commit;
        if (row.Status.IsTerminal())
        {
            consumed.AddRange(parked.Select(p => p.Id));
            parked.Clear();
            commit = rewind is null
                ? new EpisodeCommit { InstanceId = instanceId, ConsumedMessageIds = consumed }
                : this.RewindTerminal(row, history, rewind, consumed, now);
        }
        else if (terminate)
        {
            consumed.AddRange(parked.Select(p => p.Id));
            parked.Clear();
            commit = this.Terminate(row, terminateChildren ? history : [], consumed, terminateReason, now);
        }
        else
        {
            // A rewind that found nothing to re-run wakes the instance so it replays (e.g. after a code fix); its
            // ExecutionRewound is already in the history, so the wake-up itself adds no event.
            bool wake = rewind is not null;
            if (inbound.Count == 0 && !wake)
            {
                if (consumed.Count > 0)
                {
                    await _store.CommitEpisodeAsync(new EpisodeCommit { InstanceId = instanceId, ConsumedMessageIds = consumed }).ConfigureAwait(false);
                }

                return parked;
            }

            commit = this.RunEpisode(row, history, inbound, consumed, suspended, now);
        }

        var result = await _store.CommitEpisodeAsync(commit).ConfigureAwait(false);

        // The commit stands from here on: a failure below must never make the worker process these messages again.
        try
        {
            this.AfterCommit(instanceId, row, history, commit, result, started);
        }
        catch (Exception ex)
        {
            _cache.Remove(instanceId);
            this.LogStoreError(ex, instanceId);
        }

        return parked;
    }

    void AfterCommit(string instanceId, OrchestrationInstanceRecord row, List<HistoryEvent> history, EpisodeCommit commit, CommitResult result, long started)
    {
        var newRow = commit.Instance;
        if (newRow is null || newRow.Status.IsTerminal())
        {
            _cache.Remove(instanceId);
        }
        else
        {
            var newHistory = commit.ReplaceHistory ? commit.History.ToList() : history;
            if (!commit.ReplaceHistory)
            {
                newHistory.AddRange(commit.History);
            }

            _cache.Set(instanceId, newRow, newHistory);
        }

        foreach (var child in commit.ParentTaskUpdates)
        {
            _cache.Remove(child.Key);
        }

        foreach (var message in result.Messages)
        {
            this.Deliver(message);
        }

        foreach (var item in result.WorkItems)
        {
            _activities.Writer.TryWrite(item);
        }

        Interlocked.Increment(ref _episodes);
        DurableTelemetry.Episodes.Add(1);
        DurableTelemetry.EpisodeDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (newRow is not null && newRow.Status != row.Status && newRow.Status.IsTerminal())
        {
            if (newRow.Status == OrchestrationRuntimeStatus.Failed)
            {
                DurableTelemetry.Failures.Add(1);
            }

            Log.InstanceFinished(_logger, instanceId, newRow.Name, newRow.Status);
        }

        this.NotifyChanged(instanceId);
    }

    async Task<(OrchestrationInstanceRecord? Row, List<HistoryEvent> History)> LoadAsync(string instanceId, List<OrchestrationMessage> batch)
    {
        if (_cache.TryGet(instanceId, out var cached))
        {
            bool restarted = batch.Any(m => m.Event.EventType == HistoryEventType.ExecutionStarted && m.ExecutionId != cached.Row.ExecutionId);
            if (!restarted)
            {
                return (cached.Row, cached.History);
            }
        }

        var row = await _store.GetInstanceAsync(instanceId).ConfigureAwait(false);
        if (row is null)
        {
            return (null, []);
        }

        var history = await _store.GetHistoryAsync(instanceId).ConfigureAwait(false);
        return (row, history.ToList());
    }

    EpisodeCommit RunEpisode(
        OrchestrationInstanceRecord row, List<HistoryEvent> history, List<HistoryEvent> inbound, List<long> consumed, bool suspended, DateTime now)
    {
        using var span = DurableTelemetry.Source.StartActivity("orchestration " + row.Name);
        span?.SetTag("durable.instance_id", row.InstanceId);
        var newEvents = new List<HistoryEvent>(inbound.Count + 1) { new() { EventType = HistoryEventType.OrchestratorStarted, Timestamp = now } };
        newEvents.AddRange(inbound);

        bool hasStart = history.Count > 0 || inbound.Any(e => e.EventType == HistoryEventType.ExecutionStarted);
        EpisodeOutcome outcome;
        if (!hasStart)
        {
            // Only control events (e.g. suspended before it started): record them without running code.
            outcome = new EpisodeOutcome();
            outcome.NewHistory.AddRange(newEvents);
        }
        else if (!this.TryCreateOrchestrator(row.Name, out var orchestrator))
        {
            outcome = new EpisodeOutcome
            {
                CompletionStatus = OrchestrationRuntimeStatus.Failed,
                Failure = new TaskFailureDetails(
                    typeof(InvalidOperationException).FullName!, $"No orchestrator named '{row.Name}' is registered with the worker.", null, null, null),
            };
            outcome.Output = _converter.Serialize(FailureText.Describe(outcome.Failure));
            outcome.NewHistory.AddRange(newEvents);
        }
        else
        {
            var episode = new OrchestrationEpisode(
                row.InstanceId,
                row.Name,
                row.ParentInstanceId is null ? null : new ParentOrchestrationInstance(row.ParentName ?? string.Empty, row.ParentInstanceId),
                history,
                newEvents);
            try
            {
                outcome = OrchestrationExecutor.Run(episode, orchestrator, _converter, _loggerFactory);
            }
            catch (Exception ex)
            {
                // A bug below user code must not make the worker retry this batch forever: the instance fails, visibly.
                outcome = new EpisodeOutcome
                {
                    CompletionStatus = OrchestrationRuntimeStatus.Failed,
                    Failure = FailureText.FromException(ex) with { StackTrace = null },
                };
                outcome.Output = _converter.Serialize(FailureText.Describe(outcome.Failure));
                outcome.NewHistory.AddRange(newEvents);
            }
        }

        var appended = outcome.NewHistory;
        appended.Add(new HistoryEvent { EventType = HistoryEventType.OrchestratorCompleted, Timestamp = DateTime.UtcNow });
        string? customStatus = outcome.CustomStatusSet ? outcome.CustomStatus : row.CustomStatus;
        var messages = new List<OrchestrationMessage>();
        foreach (var sent in outcome.Actions.Where(a => a.EventType == HistoryEventType.EventSent))
        {
            messages.Add(new OrchestrationMessage(0, sent.InstanceId!, null, now, new HistoryEvent
            {
                EventType = HistoryEventType.EventRaised,
                Name = sent.Name,
                Input = sent.Input,
                Timestamp = now,
            }));
        }

        if (outcome.CompletionStatus == OrchestrationRuntimeStatusExtensions.ContinuedAsNew)
        {
            string executionId = NewExecutionId();
            messages.Add(new OrchestrationMessage(0, row.InstanceId, executionId, now, new HistoryEvent
            {
                EventType = HistoryEventType.ExecutionStarted,
                Name = row.Name,
                Input = outcome.ContinueAsNewInput,
                ExecutionId = executionId,
                Timestamp = now,
            }));
            messages.AddRange(outcome.CarryOverEvents.Select(e => new OrchestrationMessage(0, row.InstanceId, null, now, e)));
            return new EpisodeCommit
            {
                InstanceId = row.InstanceId,
                ConsumedMessageIds = consumed,
                ReplaceHistory = true,
                Instance = row with
                {
                    ExecutionId = executionId,
                    Status = suspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running,
                    Input = outcome.ContinueAsNewInput,
                    Output = null,
                    FailureDetails = null,
                    CustomStatus = customStatus,
                    LastUpdatedAt = now,
                    HistoryCount = 0,
                },
                Messages = messages,
            };
        }

        if (outcome.CompletionStatus is { } final)
        {
            var done = row with
            {
                Status = final,
                Output = outcome.Output,
                FailureDetails = outcome.Failure,
                CustomStatus = customStatus,
                LastUpdatedAt = now,
                CompletedAt = now,
                HistoryCount = row.HistoryCount + appended.Count,
            };
            if (NotifyParent(done, now) is { } toParent)
            {
                messages.Add(toParent);
            }

            return new EpisodeCommit { InstanceId = row.InstanceId, ConsumedMessageIds = consumed, History = appended, Instance = done, Messages = messages };
        }

        var workItems = new List<ActivityWorkItem>();
        var children = new List<OrchestrationMessage>();
        var childRows = new List<OrchestrationInstanceRecord>();
        foreach (var action in outcome.Actions)
        {
            switch (action.EventType)
            {
                case HistoryEventType.TaskScheduled:
                    workItems.Add(new ActivityWorkItem(0, row.InstanceId, row.ExecutionId, action.EventId, action.Name!, action.Input));
                    break;
                case HistoryEventType.TimerCreated:
                    messages.Add(TimerMessage(row, action));
                    break;
                case HistoryEventType.SubOrchestrationInstanceCreated:
                    string childExecution = NewExecutionId();
                    childRows.Add(new OrchestrationInstanceRecord
                    {
                        InstanceId = action.InstanceId!,
                        Name = action.Name!,
                        ExecutionId = childExecution,
                        Status = OrchestrationRuntimeStatus.Pending,
                        Input = action.Input,
                        CreatedAt = now,
                        LastUpdatedAt = now,
                        ParentInstanceId = row.InstanceId,
                        ParentName = row.Name,
                        ParentTaskId = action.EventId,
                        ParentExecutionId = row.ExecutionId,
                    });
                    children.Add(new OrchestrationMessage(0, action.InstanceId!, childExecution, now, new HistoryEvent
                    {
                        EventType = HistoryEventType.ExecutionStarted,
                        Name = action.Name,
                        Input = action.Input,
                        ExecutionId = childExecution,
                        Timestamp = now,
                    }));
                    break;
            }
        }

        return new EpisodeCommit
        {
            InstanceId = row.InstanceId,
            ConsumedMessageIds = consumed,
            History = appended,
            Instance = row with
            {
                Status = suspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running,
                CustomStatus = customStatus,
                LastUpdatedAt = now,
                HistoryCount = row.HistoryCount + appended.Count,
            },
            Messages = messages,
            WorkItems = workItems,
            NewChildren = children,
            NewChildRows = childRows,
        };
    }

    /// <summary>Ends an instance as Terminated; with <paramref name="history"/> given, its running children are terminated in the same commit.</summary>
    EpisodeCommit Terminate(OrchestrationInstanceRecord row, IReadOnlyList<HistoryEvent> history, List<long> consumed, string? reason, DateTime now)
    {
        var appended = new List<HistoryEvent>
        {
            new() { EventType = HistoryEventType.OrchestratorStarted, Timestamp = now },
            new() { EventType = HistoryEventType.ExecutionTerminated, Input = reason, Timestamp = now },
            new() { EventType = HistoryEventType.OrchestratorCompleted, Timestamp = now },
        };
        var done = row with
        {
            Status = OrchestrationRuntimeStatus.Terminated,
            Output = reason,
            LastUpdatedAt = now,
            CompletedAt = now,
            HistoryCount = row.HistoryCount + appended.Count,
        };
        var messages = new List<OrchestrationMessage>();
        if (NotifyParent(done, now) is { } toParent)
        {
            messages.Add(toParent);
        }

        // Children whose call has no completion yet are still running: terminate them too, so they stop doing
        // (and paying for) work nobody waits for. They pass the termination on to their own children.
        var finished = history.Where(e => e.EventType is HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed)
            .Select(e => e.TaskScheduledId).ToHashSet();
        foreach (var call in history.Where(e => e.EventType == HistoryEventType.SubOrchestrationInstanceCreated && !finished.Contains(e.EventId)))
        {
            messages.Add(new OrchestrationMessage(0, call.InstanceId!, null, now, new HistoryEvent
            {
                EventType = HistoryEventType.ExecutionTerminated,
                Input = reason,
                Recursive = true,
                Timestamp = now,
            }));
        }

        return new EpisodeCommit { InstanceId = row.InstanceId, ConsumedMessageIds = consumed, History = appended, Instance = done, Messages = messages };
    }

    EpisodeCommit RewindTerminal(
        OrchestrationInstanceRecord row, List<HistoryEvent> history, OrchestrationMessage rewind, List<long> consumed, DateTime now)
    {
        switch (row.Status)
        {
            case OrchestrationRuntimeStatus.Failed:
                return this.Rewind(row, history, rewind.Event.Reason, consumed, now);
            case OrchestrationRuntimeStatus.Terminated when row.ParentInstanceId is not null:
                // A terminated child of a rewound parent runs again from the start with its original input.
                string executionId = NewExecutionId();
                return new EpisodeCommit
                {
                    InstanceId = row.InstanceId,
                    ConsumedMessageIds = consumed,
                    ReplaceHistory = true,
                    Instance = row with
                    {
                        ExecutionId = executionId,
                        Status = OrchestrationRuntimeStatus.Pending,
                        Output = null,
                        FailureDetails = null,
                        CompletedAt = null,
                        LastUpdatedAt = now,
                        HistoryCount = 0,
                    },
                    Messages =
                    [
                        new OrchestrationMessage(0, row.InstanceId, executionId, now, new HistoryEvent
                        {
                            EventType = HistoryEventType.ExecutionStarted,
                            Name = row.Name,
                            Input = row.Input,
                            ExecutionId = executionId,
                            Timestamp = now,
                        }),
                    ],
                };
            case OrchestrationRuntimeStatus.Completed when NotifyParent(row, now) is { } resend:
                // The parent was rewound after it dropped this child's result: send it again.
                return new EpisodeCommit { InstanceId = row.InstanceId, ConsumedMessageIds = consumed, Messages = [resend] };
            default:
                return new EpisodeCommit { InstanceId = row.InstanceId, ConsumedMessageIds = consumed };
        }
    }

    EpisodeCommit Rewind(OrchestrationInstanceRecord row, List<HistoryEvent> history, string? reason, List<long> consumed, DateTime now)
    {
        var plan = this.PlanReplayableRewind(row, history);
        string executionId = NewExecutionId();
        var newHistory = plan.History
            .Select(e => e.EventType == HistoryEventType.ExecutionStarted ? e with { ExecutionId = executionId } : e)
            .ToList();
        newHistory.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionRewound, Reason = reason, Timestamp = now });
        var rewound = row with
        {
            ExecutionId = executionId,
            Status = OrchestrationRuntimeStatus.Running,
            Output = null,
            FailureDetails = null,
            CompletedAt = null,
            LastUpdatedAt = now,
            HistoryCount = newHistory.Count,
        };

        var workItems = new List<ActivityWorkItem>();
        var messages = new List<OrchestrationMessage>();
        foreach (var call in plan.Reissue)
        {
            switch (call.EventType)
            {
                case HistoryEventType.TaskScheduled:
                    workItems.Add(new ActivityWorkItem(0, row.InstanceId, executionId, call.EventId, call.Name!, call.Input));
                    break;
                case HistoryEventType.TimerCreated:
                    messages.Add(TimerMessage(rewound, call));
                    break;
                case HistoryEventType.SubOrchestrationInstanceCreated:
                    messages.Add(new OrchestrationMessage(0, call.InstanceId!, null, now, new HistoryEvent
                    {
                        EventType = HistoryEventType.ExecutionRewound,
                        Reason = reason,
                        Timestamp = now,
                    }));
                    break;
            }
        }

        if (workItems.Count == 0 && messages.Count == 0)
        {
            messages.Add(new OrchestrationMessage(0, row.InstanceId, executionId, now, new HistoryEvent
            {
                EventType = HistoryEventType.ExecutionRewound,
                Reason = reason,
                Timestamp = now,
            }));
        }

        Log.Rewound(_logger, row.InstanceId, plan.Reissue.Count);
        return new EpisodeCommit
        {
            InstanceId = row.InstanceId,
            ConsumedMessageIds = consumed,
            ReplaceHistory = true,
            History = newHistory,
            Instance = rewound,
            Messages = messages,
            WorkItems = workItems,
            ParentTaskUpdates = plan.ChildTaskIds,
        };
    }

    /// <summary>Plans a rewind and checks it by replaying the orchestrator over the new history.</summary>
    /// <remarks>
    /// The causal rule cannot see a failure the code caught before it moved on for another reason; the replay can. While
    /// the plan does not replay, the earliest failure it removed is kept as handled and the rewind is planned again.
    /// </remarks>
    RewindPlan PlanReplayableRewind(OrchestrationInstanceRecord row, List<HistoryEvent> history)
    {
        var handled = new HashSet<int>();
        while (true)
        {
            var plan = RewindPlanner.Plan(history, handled);
            if (plan.RemovedFailures.Count == 0 || this.Replays(row, plan.History))
            {
                return plan;
            }

            handled.Add(plan.RemovedFailures.Min());
        }
    }

    bool Replays(OrchestrationInstanceRecord row, IReadOnlyList<HistoryEvent> history)
    {
        if (!this.TryCreateOrchestrator(row.Name, out var orchestrator))
        {
            return true;
        }

        var parent = row.ParentInstanceId is null ? null : new ParentOrchestrationInstance(row.ParentName ?? string.Empty, row.ParentInstanceId);
        try
        {
            var outcome = OrchestrationExecutor.Run(
                new OrchestrationEpisode(row.InstanceId, row.Name, parent, history, []), orchestrator, _converter, _loggerFactory);
            return outcome.Failure?.ErrorType != typeof(NonDeterministicOrchestrationException).FullName;
        }
        catch (Exception)
        {
            return true;
        }
    }

    static OrchestrationMessage TimerMessage(OrchestrationInstanceRecord row, HistoryEvent timer) => new(
        0,
        row.InstanceId,
        row.ExecutionId,
        timer.FireAt!.Value,
        new HistoryEvent { EventType = HistoryEventType.TimerFired, TaskScheduledId = timer.EventId, FireAt = timer.FireAt, Timestamp = timer.FireAt.Value });

    static OrchestrationMessage? NotifyParent(OrchestrationInstanceRecord child, DateTime now)
    {
        if (child.ParentInstanceId is null)
        {
            return null;
        }

        var e = child.Status switch
        {
            OrchestrationRuntimeStatus.Completed => new HistoryEvent
            {
                EventType = HistoryEventType.SubOrchestrationInstanceCompleted,
                Result = child.Output,
            },
            OrchestrationRuntimeStatus.Failed => new HistoryEvent
            {
                EventType = HistoryEventType.SubOrchestrationInstanceFailed,
                FailureDetails = child.FailureDetails,
            },
            _ => new HistoryEvent
            {
                EventType = HistoryEventType.SubOrchestrationInstanceFailed,
                FailureDetails = new TaskFailureDetails(
                    "MusicVideo.Durable.OrchestrationTerminated", $"The sub-orchestration '{child.InstanceId}' was terminated: {child.Output}", null, null, null),
            },
        };
        // Addressed to the parent's execution that made the call, so a later execution (after ContinueAsNew or a
        // restart) never takes this result for one of its own calls with the same sequence id.
        return new OrchestrationMessage(0, child.ParentInstanceId, child.ParentExecutionId, now, e with { TaskScheduledId = child.ParentTaskId, Timestamp = now });
    }

    static string NewExecutionId() => Guid.NewGuid().ToString("N");

    bool TryCreateOrchestrator(string name, out ITaskOrchestrator orchestrator)
        => this.Factory.TryCreateOrchestrator(new TaskName(name), _services, out orchestrator!);
}
