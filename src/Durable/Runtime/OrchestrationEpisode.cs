using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Runtime;

/// <summary>The input of one episode: the instance, its recorded history and the new events to process.</summary>
sealed record OrchestrationEpisode(
    string InstanceId,
    string Name,
    ParentOrchestrationInstance? Parent,
    IReadOnlyList<HistoryEvent> Past,
    IReadOnlyList<HistoryEvent> New);
