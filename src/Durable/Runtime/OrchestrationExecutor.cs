using Microsoft.Extensions.Logging;
using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Runtime;

/// <summary>Runs one episode: replays the past history through the orchestrator code, then applies the new events.</summary>
static class OrchestrationExecutor
{
    const string IllegalAwaitMessage =
        "The orchestrator awaited a task that is not durable (for example Task.Delay, Task.Run, I/O or an HttpClient call), " +
        "or continued off the orchestration thread (ConfigureAwait(false)). Orchestrator code may only await durable tasks " +
        "from the context, without ConfigureAwait: use context.CreateTimer instead of Task.Delay and move I/O into an activity.";

    public static EpisodeOutcome Run(
        OrchestrationEpisode episode,
        ITaskOrchestrator orchestrator,
        DataConverter converter,
        ILoggerFactory loggerFactory)
    {
        var startedEvent = episode.Past.Concat(episode.New).First(e => e.EventType == HistoryEventType.ExecutionStarted);
        var context = new ReplayOrchestrationContext(
            episode.Name, episode.InstanceId, episode.Parent, startedEvent.Input, converter, loggerFactory);
        Exception? inputError = null;
        try
        {
            context.Input = converter.Deserialize(startedEvent.Input, orchestrator.InputType);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            inputError = new ArgumentException(FailureText.UnreadableInput($"orchestration '{episode.Name}'", ex));
        }

        var outcome = new EpisodeOutcome();
        var sync = new OrchestrationSynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(sync);
        Task<object?>? userTask = null;
        int index = 0;
        int processedNew = 0;
        try
        {
            foreach (var e in episode.Past)
            {
                context.Replaying = true;
                Apply(e, index++);
            }

            foreach (var e in episode.New)
            {
                if (userTask is { IsCompleted: true } || context.NonDeterminism is not null)
                {
                    break;
                }

                context.Replaying = false;
                Apply(e, index++);
                processedNew++;
            }
        }
        finally
        {
            sync.Close();
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        // Every consumed event is recorded, also those after the one that ended the code: their messages are
        // deleted with this commit, so history is the only place a late success (e.g. an activity result) survives.
        outcome.NewHistory.AddRange(episode.New);
        if (context.CustomStatusSet)
        {
            outcome.CustomStatusSet = true;
            outcome.CustomStatus = context.CustomStatus;
        }

        if (context.NonDeterminism is { } nd)
        {
            Fail(FailureText.FromException(nd) with { StackTrace = null });
            return outcome;
        }

        outcome.Actions.AddRange(context.NewActions());
        outcome.NewHistory.AddRange(outcome.Actions);

        if (sync.ForeignPostDetected || (userTask is { IsCompleted: false } && !context.HasPendingWaits))
        {
            Fail(new TaskFailureDetails(typeof(InvalidOperationException).FullName!, IllegalAwaitMessage, null, null, null));
            return outcome;
        }

        if (userTask is null || !userTask.IsCompleted)
        {
            return outcome;
        }

        if (userTask.IsFaulted || userTask.IsCanceled)
        {
            Exception error = userTask.IsCanceled
                ? new TaskCanceledException("The orchestrator's task was canceled.")
                : userTask.Exception!.InnerExceptions.Count == 1 ? userTask.Exception.InnerException! : userTask.Exception;
            Fail(FailureText.FromException(error));
            return outcome;
        }

        if (context.ContinuedAsNew)
        {
            outcome.CompletionStatus = OrchestrationRuntimeStatusExtensions.ContinuedAsNew;
            outcome.ContinueAsNewInput = context.ContinueAsNewInput;
            if (context.ContinueAsNewPreserveEvents)
            {
                outcome.CarryOverEvents.AddRange(context.UnconsumedEvents());
                outcome.CarryOverEvents.AddRange(episode.New.Skip(processedNew).Where(e => e.EventType == HistoryEventType.EventRaised));
            }
        }
        else
        {
            try
            {
                outcome.Output = converter.Serialize(userTask.Result);
                outcome.CompletionStatus = OrchestrationRuntimeStatus.Completed;
            }
            catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or System.Text.Json.JsonException or ArgumentException)
            {
                Fail(FailureText.FromException(new InvalidOperationException(
                    $"The orchestrator's output could not be serialized: {FailureText.Clean(ex.Message)}")));
                return outcome;
            }
        }

        AppendCompletion();
        return outcome;

        void Apply(HistoryEvent e, int eventIndex)
        {
            context.CurrentEventIndex = eventIndex;
            switch (e.EventType)
            {
                case HistoryEventType.OrchestratorStarted:
                    context.CurrentTime = e.Timestamp;
                    break;
                case HistoryEventType.ExecutionStarted when userTask is null:
                    if (context.CurrentTime == default)
                    {
                        context.CurrentTime = e.Timestamp;
                    }

                    userTask = inputError is null ? Invoke(orchestrator, context) : Task.FromException<object?>(inputError);
                    break;
                case HistoryEventType.TaskScheduled:
                case HistoryEventType.TimerCreated:
                case HistoryEventType.SubOrchestrationInstanceCreated:
                case HistoryEventType.EventSent:
                    context.MatchAction(e);
                    break;
                case HistoryEventType.TaskCompleted:
                case HistoryEventType.TaskFailed:
                case HistoryEventType.SubOrchestrationInstanceCompleted:
                case HistoryEventType.SubOrchestrationInstanceFailed:
                case HistoryEventType.TimerFired:
                    context.Complete(e);
                    break;
                case HistoryEventType.EventRaised:
                    context.RaiseEvent(e);
                    break;
            }

            sync.Drain();
        }

        void Fail(TaskFailureDetails failure)
        {
            outcome.CompletionStatus = OrchestrationRuntimeStatus.Failed;
            outcome.Failure = failure;
            outcome.Output = converter.Serialize(FailureText.Describe(failure));
            AppendCompletion();
        }

        void AppendCompletion()
        {
            outcome.NewHistory.Add(new HistoryEvent
            {
                EventType = HistoryEventType.ExecutionCompleted,
                EventId = context.NextSequenceId,
                Timestamp = DateTime.UtcNow,
                OrchestrationStatus = outcome.CompletionStatus,
                Result = outcome.CompletionStatus == OrchestrationRuntimeStatusExtensions.ContinuedAsNew ? outcome.ContinueAsNewInput : outcome.Output,
                FailureDetails = outcome.Failure,
            });
        }
    }

    static Task<object?> Invoke(ITaskOrchestrator orchestrator, ReplayOrchestrationContext context)
    {
        try
        {
            return orchestrator.RunAsync(context, context.Input);
        }
        catch (Exception ex)
        {
            return Task.FromException<object?>(ex);
        }
    }
}
