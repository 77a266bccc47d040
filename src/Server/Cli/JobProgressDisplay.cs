using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace MusicVideo.Server.Cli;

/// <summary>Shows a job's live status: a bar per scene and one for stitching (plain lines when not on a terminal).</summary>
static class JobProgressDisplay
{
    public static async Task<OrchestrationMetadata> FollowAsync(DurableTaskClient client, string id, CancellationToken cancellation)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await FollowPlainAsync(client, id, cancellation);
        }

        OrchestrationMetadata? final = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var plan = ctx.AddTask("Writing scenes", maxValue: 1);
                var bars = new Dictionary<int, ProgressTask>();
                ProgressTask? stitch = null;
                while (true)
                {
                    var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellation)
                        ?? throw new InvalidOperationException($"Job {id} disappeared.");
                    var progress = metadata.ReadCustomStatusAs<JobProgress>();
                    if (progress is not null)
                    {
                        if (progress.Stage != JobStage.WritingScenes)
                        {
                            plan.Value = 1;
                        }

                        foreach (var scene in progress.Scenes)
                        {
                            if (!bars.TryGetValue(scene.Index, out var bar))
                            {
                                bars[scene.Index] = bar = ctx.AddTask($"Scene {scene.Index + 1}", maxValue: 1);
                            }

                            bar.Description = $"Scene {scene.Index + 1} [grey]{Markup.Escape(scene.ClipState)}{(scene.Attempts > 1 ? $" (try {scene.Attempts})" : string.Empty)}[/]";
                            bar.IsIndeterminate = scene.ClipState is SceneState.Generating or SceneState.Retrying;
                            bar.Value = scene.ClipState is SceneState.Succeeded or SceneState.Reused or SceneState.Failed ? 1 : 0;
                        }

                        if (progress.Stage is JobStage.Stitching or JobStage.Done)
                        {
                            stitch ??= ctx.AddTask("Stitching", maxValue: 1);
                            stitch.IsIndeterminate = progress.Stage == JobStage.Stitching;
                            stitch.Value = progress.Stage == JobStage.Done ? 1 : 0;
                        }
                    }

                    if (metadata.IsCompleted)
                    {
                        final = metadata;
                        return;
                    }

                    await Task.Delay(250, cancellation);
                }
            });
        return final!;
    }

    static async Task<OrchestrationMetadata> FollowPlainAsync(DurableTaskClient client, string id, CancellationToken cancellation)
    {
        string last = string.Empty;
        while (true)
        {
            var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellation)
                ?? throw new InvalidOperationException($"Job {id} disappeared.");
            var progress = metadata.ReadCustomStatusAs<JobProgress>();
            if (progress is not null)
            {
                string line = $"{progress.Stage}: " + string.Join(" ", progress.Scenes.Select(s => $"[{s.Index + 1}:{s.ClipState}]"));
                if (line != last)
                {
                    Console.WriteLine(line);
                    last = line;
                }
            }

            if (metadata.IsCompleted)
            {
                return metadata;
            }

            await Task.Delay(250, cancellation);
        }
    }
}
