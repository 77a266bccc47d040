using Microsoft.DurableTask.Client;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Models;

namespace MusicVideo.Core.Tests.TestSupport;

/// <summary>What the workflow-parity tests share: one job input, running it to the end on a client, and the comparison of two results.</summary>
public static class WorkflowParity
{
    static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(4);

    /// <summary>The parity job: local providers, 4 s clips, two attempts per clip with a short retry delay.</summary>
    public static MusicVideoJobInput Job(int scenes, Guid? songId = null) => new()
    {
        Idea = "a lighthouse keeper who paints the storms",
        CharacterDescription = "an old woman in a yellow raincoat",
        SceneCount = scenes,
        ClipDurationSeconds = 4,
        Seed = 11,
        SongId = songId,
        ClipAttempts = 2,
        ClipRetryDelaySeconds = 0.2,
    };

    /// <summary>Runs a MusicVideoJob on <paramref name="client"/> and returns its result; fails with the host's name and the reason unless it completed.</summary>
    public static async Task<MusicVideoJobResult> RunJobAsync(DurableTaskClient client, string host, MusicVideoJobInput input)
    {
        string id = await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.MusicVideoJob, input);
        var done = await WaitAsync(client, id);
        Assert.True(
            done.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            $"{host}: the job ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage} {done.FailureDetails?.InnerFailure?.ErrorMessage} {done.SerializedOutput}");
        return done.ReadOutputAs<MusicVideoJobResult>()!;
    }

    /// <summary>Waits for an instance to end (inputs and outputs included), at most the parity job's timeout.</summary>
    public static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(JobTimeout);
        return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Two hosts gave the same job result: prompts, per-scene states and attempts, failed scenes, song, length within 0.1 s.</summary>
    public static void AssertSameResult(MusicVideoJobResult expected, MusicVideoJobResult actual)
    {
        Assert.Equal(expected.Scenes.Select(s => s.Prompt), actual.Scenes.Select(s => s.Prompt));
        Assert.Equal(expected.Scenes.Select(s => s.NegativePrompt), actual.Scenes.Select(s => s.NegativePrompt));
        Assert.Equal(expected.Scenes.Select(s => s.ClipState), actual.Scenes.Select(s => s.ClipState));
        Assert.Equal(expected.Scenes.Select(s => s.Attempts), actual.Scenes.Select(s => s.Attempts));
        Assert.Equal(expected.FailedScenes, actual.FailedScenes);
        Assert.Equal(expected.SongApplied, actual.SongApplied);
        Assert.InRange(Math.Abs(expected.DurationSeconds - actual.DurationSeconds), 0, 0.1);
    }
}
