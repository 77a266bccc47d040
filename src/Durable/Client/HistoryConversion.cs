using MusicVideo.Durable.History;
using MusicVideo.Durable.Runtime;
using Core = DurableTask.Core;
using CoreHistory = DurableTask.Core.History;

namespace MusicVideo.Durable;

/// <summary>Converts the engine's history rows to the Durable Task Framework's history events, which Microsoft's client API returns.</summary>
static class HistoryConversion
{
    public static IList<CoreHistory.HistoryEvent> ToCore(IReadOnlyList<HistoryEvent> history) => history.Select(ToCore).ToList();

    static CoreHistory.HistoryEvent ToCore(HistoryEvent e)
    {
        CoreHistory.HistoryEvent converted = e.EventType switch
        {
            HistoryEventType.ExecutionStarted => new CoreHistory.ExecutionStartedEvent(e.EventId, e.Input)
            {
                Name = e.Name,
                OrchestrationInstance = new Core.OrchestrationInstance { InstanceId = e.InstanceId, ExecutionId = e.ExecutionId },
            },
            HistoryEventType.ExecutionCompleted => new CoreHistory.ExecutionCompletedEvent(
                e.EventId, e.Result, (Core.OrchestrationStatus)(int)(e.OrchestrationStatus ?? OrchestrationRuntimeStatus.Completed), ToCore(e.FailureDetails)),
            HistoryEventType.ExecutionTerminated => new CoreHistory.ExecutionTerminatedEvent(e.EventId, e.Input),
            HistoryEventType.TaskScheduled => new CoreHistory.TaskScheduledEvent(e.EventId, e.Name ?? string.Empty, null, e.Input),
            HistoryEventType.TaskCompleted => new CoreHistory.TaskCompletedEvent(e.EventId, e.TaskScheduledId ?? -1, e.Result),
            HistoryEventType.TaskFailed => new CoreHistory.TaskFailedEvent(
                e.EventId, e.TaskScheduledId ?? -1, e.FailureDetails?.ErrorMessage, null, ToCore(e.FailureDetails)),
            HistoryEventType.SubOrchestrationInstanceCreated => new CoreHistory.SubOrchestrationInstanceCreatedEvent(e.EventId)
            {
                Name = e.Name,
                InstanceId = e.InstanceId,
                Input = e.Input,
            },
            HistoryEventType.SubOrchestrationInstanceCompleted => new CoreHistory.SubOrchestrationInstanceCompletedEvent(e.EventId, e.TaskScheduledId ?? -1, e.Result),
            HistoryEventType.SubOrchestrationInstanceFailed => new CoreHistory.SubOrchestrationInstanceFailedEvent(
                e.EventId, e.TaskScheduledId ?? -1, e.FailureDetails?.ErrorMessage, null, ToCore(e.FailureDetails)),
            HistoryEventType.TimerCreated => new CoreHistory.TimerCreatedEvent(e.EventId, e.FireAt ?? default),
            HistoryEventType.TimerFired => new CoreHistory.TimerFiredEvent(e.EventId, e.FireAt ?? default) { TimerId = e.TaskScheduledId ?? -1 },
            HistoryEventType.OrchestratorStarted => new CoreHistory.OrchestratorStartedEvent(e.EventId),
            HistoryEventType.OrchestratorCompleted => new CoreHistory.OrchestratorCompletedEvent(e.EventId),
            HistoryEventType.EventSent => new CoreHistory.EventSentEvent(e.EventId) { Name = e.Name, InstanceId = e.InstanceId, Input = e.Input },
            HistoryEventType.EventRaised => new CoreHistory.EventRaisedEvent(e.EventId, e.Input) { Name = e.Name },
            HistoryEventType.ExecutionSuspended => new CoreHistory.ExecutionSuspendedEvent(e.EventId, e.Reason),
            HistoryEventType.ExecutionResumed => new CoreHistory.ExecutionResumedEvent(e.EventId, e.Reason),
            HistoryEventType.ExecutionRewound => new CoreHistory.ExecutionRewoundEvent(e.EventId, e.Reason),
            _ => new CoreHistory.GenericEvent(e.EventId, e.EventType.ToString()),
        };
        converted.Timestamp = DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc);
        return converted;
    }

    static Core.FailureDetails? ToCore(TaskFailureDetails? failure) => CoreFailures.ToCore(failure);
}
