using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using MusicVideo.Api.Workflow;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Models;
using MusicVideo.Functions.Tests.Infrastructure;

namespace MusicVideo.Functions.Tests.Workflow;

/// <summary>
/// A job terminated the way Durable Functions' management webhook does it (the job only, no history served) leaves its
/// clips rendering; the sweep the app's timer trigger runs terminates them and cancels their provider jobs.
/// </summary>
public sealed class TerminationSweepTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task NonRecursiveTerminate_LeavesClipsRunning_TheSweepStopsThemAndCancelsTheirProviderJobs()
    {
        // Renders take at least 60 s, so both clips are still at the provider when the job is terminated.
        var options = WorkflowHost.NewOptions("sweep") with { MinimumJobDuration = TimeSpan.FromSeconds(60) };
        await using var host = await WorkflowHost.StartFunctionsAsync(options);
        var input = new MusicVideoJobInput
        {
            Idea = "a kite that will not come down",
            CharacterDescription = "a boy in a red jumper",
            SceneCount = 2,
            ClipDurationSeconds = 4,
            Seed = 3,
            ClipAttempts = 1,
            ClipRetryDelaySeconds = 0.2,
        };
        string jobId = await host.Client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.MusicVideoJob, input);
        string[] clipIds = [$"{jobId}-scene1-try1", $"{jobId}-scene2-try1"];
        var providerJobs = new List<string>();
        foreach (string clipId in clipIds)
        {
            providerJobs.Add(await WaitForProviderJobAsync(host.Client, clipId));
        }

        await host.Client.TerminateInstanceAsync(jobId, new TerminateInstanceOptions("stopped by an operator"));
        await host.Client.WaitForInstanceCompletionAsync(jobId, new CancellationTokenSource(Timeout).Token);

        // What Durable Functions does too: the clips go on, and so do the renders they are paying for.
        var clips = host.Services.GetRequiredService<ClipGenerator>();
        foreach (string clipId in clipIds)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(clipId))!.RuntimeStatus);
        }

        int cancelled = await host.Services.GetRequiredService<TerminatedJobSweeper>().SweepAsync();

        Assert.Equal(2, cancelled);
        foreach (string clipId in clipIds)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.Client.GetInstanceAsync(clipId))!.RuntimeStatus);
        }

        foreach (string providerJob in providerJobs)
        {
            var status = await clips.PollAsync(providerJob);
            Assert.Equal(ProviderJobState.Failed, status.State);
            Assert.Equal(ProviderErrorReason.Canceled, status.Reason);
        }

        // A second sweep finds nothing left to stop.
        Assert.Equal(0, await host.Services.GetRequiredService<TerminatedJobSweeper>().SweepAsync());
    }

    static async Task<string> WaitForProviderJobAsync(DurableTaskClient client, string clipId)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var clip = await client.GetInstanceAsync(clipId, getInputsAndOutputs: true);
            if (clip?.SerializedCustomStatus is { } text && JsonNode.Parse(text)?["provider_job_id"]?.GetValue<string>() is { } providerJob)
            {
                Assert.False(string.IsNullOrEmpty(JsonNode.Parse(text)?["idempotency_key"]?.GetValue<string>()), text);
                return providerJob;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{clipId} did not submit its render: {clip?.RuntimeStatus} {clip?.SerializedCustomStatus}");
            await Task.Delay(200);
        }
    }
}
