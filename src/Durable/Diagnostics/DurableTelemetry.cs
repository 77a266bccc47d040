using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MusicVideo.Durable.Diagnostics;

/// <summary>The engine's tracing source and metrics (name "MusicVideo.Durable").</summary>
public static class DurableTelemetry
{
    /// <summary>The name of the ActivitySource and Meter.</summary>
    public const string Name = "MusicVideo.Durable";

    /// <summary>Gets the source of spans for episodes and activities.</summary>
    public static ActivitySource Source { get; } = new(Name);

    static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Episodes = Meter.CreateCounter<long>("durable.episodes", description: "Orchestration episodes processed.");
    internal static readonly Counter<long> Activities = Meter.CreateCounter<long>("durable.activities", description: "Activity executions finished.");
    internal static readonly Counter<long> Failures = Meter.CreateCounter<long>("durable.failures", description: "Failed activities and orchestrations.");
    internal static readonly Histogram<double> EpisodeDuration = Meter.CreateHistogram<double>("durable.episode.duration", "ms");
    internal static readonly Histogram<double> ActivityDuration = Meter.CreateHistogram<double>("durable.activity.duration", "ms");
    internal static readonly Histogram<double> QueueLatency = Meter.CreateHistogram<double>("durable.queue.latency", "ms", "Time from a message being visible to its processing.");
}
