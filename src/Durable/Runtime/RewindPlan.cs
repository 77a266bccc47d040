using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Runtime;

/// <summary>How to rewind a failed execution: its rewritten history and the calls to issue again.</summary>
/// <param name="History">The history without the failures and everything that reacted to them, renumbered.</param>
/// <param name="Reissue">Scheduling events (renumbered) that have no result in the new history and must run again.</param>
/// <param name="ChildTaskIds">Every kept sub-orchestration call: child instance id → the sequence id the parent now waits on.</param>
/// <param name="RemovedFailures">History indexes of the failures the plan treats as final and removes.</param>
sealed record RewindPlan(
    IReadOnlyList<HistoryEvent> History,
    IReadOnlyList<HistoryEvent> Reissue,
    IReadOnlyList<KeyValuePair<string, int>> ChildTaskIds,
    IReadOnlyList<int> RemovedFailures);
