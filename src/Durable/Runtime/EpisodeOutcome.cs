using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Runtime;

/// <summary>What one episode of an orchestration decided: new history, new work and, when done, its result.</summary>
sealed class EpisodeOutcome
{
    /// <summary>Events to append to the history, in order (processed inbound events, actions, completion).</summary>
    public List<HistoryEvent> NewHistory { get; } = [];

    /// <summary>Scheduling events created in this episode (activities, timers, sub-orchestrations, sent events).</summary>
    public List<HistoryEvent> Actions { get; } = [];

    /// <summary>The final status when the execution ended in this episode.</summary>
    public OrchestrationRuntimeStatus? CompletionStatus { get; set; }

    public string? Output { get; set; }

    public TaskFailureDetails? Failure { get; set; }

    public string? ContinueAsNewInput { get; set; }

    /// <summary>External events that were received but not consumed, to forward to the next execution.</summary>
    public List<HistoryEvent> CarryOverEvents { get; } = [];

    public bool CustomStatusSet { get; set; }

    public string? CustomStatus { get; set; }
}
