using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicVideo.Core.Media;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using MusicVideo.Durable;
using MusicVideo.Durable.Storage;
using MusicVideo.Durable.History;

namespace MusicVideo.Bench;

/// <summary>Runs one music video job through the engine in a host built like the product's worker host.</summary>
static class PipelineJob
{
    /// <summary>Builds a host over a fresh data folder, runs the job from schedule to completion, verifies and splits it.</summary>
    public static async Task<PipelineRun> RunAsync(
        string dataDirectory, MusicVideoJobInput input, double expectedSeconds, CancellationToken cancellationToken, MediaStorageOptions? storage = null)
    {
        var options = new MusicVideoOptions { DataDirectory = dataDirectory, Storage = storage ?? MediaStorageOptions.Local };
        // As src/Server/Hosting/ProductHost.cs BuildWorkerHost: generic host, warnings only, engine errors only.
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("MusicVideo.Durable", LogLevel.Error);
        var engine = new DurableEngineOptions(Path.Combine(dataDirectory, "durable.db"));
        builder.Services.AddMusicVideo(options);
        builder.Services.AddDurableTaskWorker(b => b.AddTasks(r => MusicVideoWorkflow.Register(r)).UseEmbeddedEngine(engine));
        builder.Services.AddDurableTaskClient(b => b.UseEmbeddedEngine(engine));
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            var media = host.Services.GetRequiredService<MediaStore>();
            var probe = host.Services.GetRequiredService<MediaProbe>();

            // Timed: schedule to the caller seeing the terminal state (what a client of the service waits for).
            var startUtc = DateTime.UtcNow;
            string id = await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.MusicVideoJob, input, cancellation: cancellationToken);
            var metadata = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);
            var endUtc = DateTime.UtcNow;

            if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException(
                    $"Job {id} ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.RootCauseMessage() ?? metadata.SerializedOutput}");
            }

            var result = metadata.ReadOutputAs<MusicVideoJobResult>()
                ?? throw new InvalidOperationException($"Job {id} completed without output.");
            if (result.FailedScenes != 0 || result.Scenes.Count != input.SceneCount)
            {
                throw new InvalidOperationException($"Job {id}: {result.FailedScenes} failed scenes of {result.Scenes.Count}.");
            }

            // Untimed: a cloud store's output is downloaded to be checked.
            string? path = await media.MaterializeAsync(MediaKind.Video, result.VideoId, Path.Combine(dataDirectory, "verify"), cancellationToken);
            var info = await PipelineMeasure.VerifyVideoAsync(probe, path, expectedSeconds, $"job {id}");
            return await SplitAsync(host.Services.GetRequiredService<EmbeddedEngine>().Store, id, startUtc, endUtc, Path.Combine(dataDirectory, "providers"), path!, info.DurationSeconds, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Reads the job's and its clip sub-orchestrations' histories and turns the event timestamps into phases.</summary>
    static async Task<PipelineRun> SplitAsync(
        OrchestrationStore store, string id, DateTime startUtc, DateTime endUtc, string providerWork, string output, double outputSeconds,
        CancellationToken cancellationToken)
    {
        var history = await store.GetHistoryAsync(id, cancellationToken);
        var plan = Activity(history, WorkflowNames.PlanScenesActivity).Single();
        var stitch = Activity(history, WorkflowNames.StitchActivity).Single();
        var children = history.Where(e => e.EventType == HistoryEventType.SubOrchestrationInstanceCreated).ToList();
        var clips = new List<ClipTimeline>();
        foreach (var created in children)
        {
            var completed = history.Single(e => e.EventType == HistoryEventType.SubOrchestrationInstanceCompleted && e.TaskScheduledId == created.EventId);
            var child = await store.GetHistoryAsync(created.InstanceId!, cancellationToken);
            var submit = Activity(child, WorkflowNames.SubmitClipActivity).Single();
            var waits = Activity(child, WorkflowNames.WaitForClipActivity).ToList();
            using var submission = JsonDocument.Parse(submit.Completed.Result!);
            string jobId = submission.RootElement.GetProperty("job_id").GetString()!;
            clips.Add(new ClipTimeline(
                jobId,
                SubmitStartedUtc: submit.ScheduledAt,
                SucceededSeenUtc: PipelineRunBuilder.Utc(waits[^1].Completed.Timestamp),
                StoredUtc: PipelineRunBuilder.Utc(completed.Timestamp),
                PollCalls: waits.Count,
                Timers: child.Count(e => e.EventType == HistoryEventType.TimerCreated)));
        }

        return PipelineRunBuilder.Build(
            startUtc,
            PipelineRunBuilder.Utc(plan.Completed.Timestamp),
            stitch.ScheduledAt,
            PipelineRunBuilder.Utc(stitch.Completed.Timestamp),
            endUtc,
            clips,
            providerWork,
            output,
            outputSeconds);
    }

    /// <summary>Every successful call of an activity: when it was scheduled and its completion event (matched by sequence id).</summary>
    /// <remarks>
    /// The engine leaves <see cref="HistoryEvent.Timestamp"/> unset on TaskScheduled events, so the scheduling time is taken
    /// from the OrchestratorStarted event of the episode that scheduled the call (the last one before it in the history).
    /// </remarks>
    static IEnumerable<(DateTime ScheduledAt, HistoryEvent Completed)> Activity(IReadOnlyList<HistoryEvent> history, string name)
    {
        for (int i = 0; i < history.Count; i++)
        {
            var e = history[i];
            if (e.EventType != HistoryEventType.TaskScheduled || e.Name != name)
            {
                continue;
            }

            var completed = history.FirstOrDefault(c => c.EventType == HistoryEventType.TaskCompleted && c.TaskScheduledId == e.EventId);
            if (completed is null)
            {
                continue;
            }

            var scheduledAt = e.Timestamp;
            if (scheduledAt == default)
            {
                int j = i;
                while (j >= 0 && history[j].EventType != HistoryEventType.OrchestratorStarted)
                {
                    j--;
                }

                scheduledAt = j >= 0 ? history[j].Timestamp : throw new InvalidOperationException($"No episode start before activity '{name}'.");
            }

            yield return (PipelineRunBuilder.Utc(scheduledAt), completed);
        }
    }
}
