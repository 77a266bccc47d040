namespace MusicVideo.Bench;

/// <summary>
/// One measured 4-scene job (through the engine or direct), split into phases on one clock (UTC wall time from the moment
/// the job was scheduled or started). The same definitions are used for both paths, so the phases can be compared.
/// </summary>
/// <param name="Seconds">Schedule (or start) to completion seen by the caller.</param>
/// <param name="PlanSeconds">Start to the scene plan being available.</param>
/// <param name="RenderPhaseSeconds">Plan available to the last clip stored in the media store.</param>
/// <param name="StitchPhaseSeconds">Last clip stored to completion seen by the caller (stitch plus dispatch and completion).</param>
/// <param name="StitchStepSeconds">The stitch step alone (for the engine: stitch activity scheduled to completed).</param>
/// <param name="MeanSubmitToRenderDoneSeconds">Per clip: submit started to done.json written by the provider (queueing + render).</param>
/// <param name="MeanPollLagSeconds">Per clip: done.json written to the caller learning that the job succeeded.</param>
/// <param name="MeanFetchSeconds">Per clip: success learned to the clip stored (fetch copy, probe, store, dispatch).</param>
/// <param name="LastRenderToEndSeconds">The last provider render finished to completion seen by the caller.</param>
/// <param name="MeanRenderSeconds">The provider's own ffmpeg time per clip (done.json render_seconds).</param>
/// <param name="PollCalls">Poll (wait) calls across the clips; for the engine: WaitForClip activities.</param>
/// <param name="Timers">Durable timers slept on between poll activities (engine only).</param>
/// <param name="OutputPath">The final video.</param>
/// <param name="OutputSeconds">The probed duration of the final video.</param>
sealed record PipelineRun(
    double Seconds,
    double PlanSeconds,
    double RenderPhaseSeconds,
    double StitchPhaseSeconds,
    double StitchStepSeconds,
    double MeanSubmitToRenderDoneSeconds,
    double MeanPollLagSeconds,
    double MeanFetchSeconds,
    double LastRenderToEndSeconds,
    double MeanRenderSeconds,
    int PollCalls,
    int Timers,
    string OutputPath,
    double OutputSeconds);

/// <summary>The per-clip timestamps both paths collect, in UTC.</summary>
/// <param name="ProviderJobId">The local provider's job id (links to done.json).</param>
/// <param name="SubmitStartedUtc">When the submit call (activity) was scheduled.</param>
/// <param name="SucceededSeenUtc">When the caller learned the job succeeded.</param>
/// <param name="StoredUtc">When the clip was stored (for the engine: the clip sub-orchestration completed).</param>
/// <param name="PollCalls">Poll calls (engine: WaitForClip activities).</param>
/// <param name="Timers">Timers between poll activities.</param>
sealed record ClipTimeline(string ProviderJobId, DateTime SubmitStartedUtc, DateTime SucceededSeenUtc, DateTime StoredUtc, int PollCalls, int Timers);

static class PipelineRunBuilder
{
    /// <summary>Builds the phase split from the collected timestamps and the provider's done.json records.</summary>
    public static PipelineRun Build(
        DateTime startUtc, DateTime planDoneUtc, DateTime stitchStartUtc, DateTime stitchDoneUtc, DateTime endUtc,
        IReadOnlyList<ClipTimeline> clips, string providerWorkDirectory, string outputPath, double outputSeconds)
    {
        var renders = PipelineMeasure.ReadRenders(providerWorkDirectory);
        var records = clips.Select(c => renders.TryGetValue(c.ProviderJobId, out var r)
            ? r
            : throw new InvalidOperationException($"No done.json for provider job {c.ProviderJobId}.")).ToList();
        var lastStored = clips.Max(c => c.StoredUtc);
        var lastRender = records.Max(r => r.CompletedAtUtc);
        return new PipelineRun(
            Seconds: (endUtc - startUtc).TotalSeconds,
            PlanSeconds: (planDoneUtc - startUtc).TotalSeconds,
            RenderPhaseSeconds: (lastStored - planDoneUtc).TotalSeconds,
            StitchPhaseSeconds: (endUtc - lastStored).TotalSeconds,
            StitchStepSeconds: (stitchDoneUtc - stitchStartUtc).TotalSeconds,
            MeanSubmitToRenderDoneSeconds: clips.Zip(records).Average(x => (x.Second.CompletedAtUtc - x.First.SubmitStartedUtc).TotalSeconds),
            MeanPollLagSeconds: clips.Zip(records).Average(x => (x.First.SucceededSeenUtc - x.Second.CompletedAtUtc).TotalSeconds),
            MeanFetchSeconds: clips.Average(c => (c.StoredUtc - c.SucceededSeenUtc).TotalSeconds),
            LastRenderToEndSeconds: (endUtc - lastRender).TotalSeconds,
            MeanRenderSeconds: records.Average(r => r.RenderSeconds),
            PollCalls: clips.Sum(c => c.PollCalls),
            Timers: clips.Sum(c => c.Timers),
            OutputPath: outputPath,
            OutputSeconds: outputSeconds);
    }

    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
