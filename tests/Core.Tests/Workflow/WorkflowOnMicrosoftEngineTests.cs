using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Tests.TestSupport;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Models;
using static MusicVideo.Core.Tests.TestSupport.WorkflowParity;

namespace MusicVideo.Core.Tests.Workflow;

/// <summary>
/// The same workflow runs on the embedded engine and on Microsoft's in-process test host (Microsoft's worker and
/// replay) with the same results: prompts, per-scene states and attempts, video length, number of renders.
/// </summary>
public sealed class WorkflowOnMicrosoftEngineTests
{
    const string FailingMarker = "Scene 2 of 3";
    [Fact]
    public async Task MusicVideoJob_WithSong_SameResultOnBothEngines()
    {
        var runs = new Dictionary<string, (MusicVideoJobResult Result, int Renders)>();
        foreach (string name in new[] { "embedded", "microsoft" })
        {
            await using var backend = await WorkflowBackend.StartAsync(name);
            string song = await MediaTestSupport.MakeSongAsync(Path.Combine(backend.DataDirectory, "song.m4a"), 10);
            await using var stream = File.OpenRead(song);
            var stored = await backend.Services.GetRequiredService<MediaImporter>().ImportSongAsync(stream, "song.m4a");
            var result = await RunJobAsync(backend.Client, backend.Name, Job(3, stored.Id));
            runs[name] = (result, backend.Renders("clip"));
        }

        var (embedded, microsoft) = (runs["embedded"], runs["microsoft"]);
        Assert.True(embedded.Result.SongApplied);
        Assert.True(microsoft.Result.SongApplied);
        Assert.InRange(embedded.Result.DurationSeconds, 9.9, 10.1);
        Assert.InRange(Math.Abs(embedded.Result.DurationSeconds - microsoft.Result.DurationSeconds), 0, 0.1);
        AssertSameResult(embedded.Result, microsoft.Result);
        Assert.Equal(3, embedded.Renders);
        Assert.Equal(embedded.Renders, microsoft.Renders);
    }

    [Fact]
    public async Task MusicVideoJob_OneSceneFailsForGood_SameReportOnBothEngines()
    {
        var runs = new Dictionary<string, (MusicVideoJobResult Result, int Renders)>();
        foreach (string name in new[] { "embedded", "microsoft" })
        {
            await using var backend = await WorkflowBackend.StartAsync(name, o => o with { FailWhenPromptContains = FailingMarker });
            var result = await RunJobAsync(backend.Client, backend.Name, Job(3));
            runs[name] = (result, backend.Renders("clip"));
        }

        var (embedded, microsoft) = (runs["embedded"], runs["microsoft"]);
        Assert.Equal(1, embedded.Result.FailedScenes);
        var failed = embedded.Result.Scenes.Single(s => s.ClipState == SceneState.Failed);
        Assert.Contains(FailingMarker, failed.Prompt, StringComparison.Ordinal);
        Assert.Equal(1, failed.Attempts); // a content-policy failure is permanent: no second attempt
        Assert.Contains("prompt contains", failed.Error, StringComparison.Ordinal);
        AssertSameResult(embedded.Result, microsoft.Result);
        Assert.Equal(embedded.Result.Scenes.Select(s => s.Error), microsoft.Result.Scenes.Select(s => s.Error));
        Assert.Equal(embedded.Renders, microsoft.Renders);
    }

    [Fact]
    public async Task CharacterReferences_SameImagesOnBothEngines()
    {
        var runs = new Dictionary<string, (CharacterReferencesResult Result, int Renders)>();
        foreach (string name in new[] { "embedded", "microsoft" })
        {
            await using var backend = await WorkflowBackend.StartAsync(name);
            string id = await backend.Client.ScheduleNewOrchestrationInstanceAsync(
                WorkflowNames.CharacterReferences, new CharacterReferencesInput("a fox in a red bomber jacket", 3, AspectRatios.Square, 7, null));
            var done = await WaitAsync(backend.Client, id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            runs[name] = (done.ReadOutputAs<CharacterReferencesResult>()!, backend.Renders("image"));
        }

        Assert.Equal(3, runs["embedded"].Result.Images.Count);
        Assert.Equal(runs["embedded"].Result.Images.Count, runs["microsoft"].Result.Images.Count);
        Assert.Equal(runs["embedded"].Result.Warnings, runs["microsoft"].Result.Warnings);
        Assert.Equal(3, runs["embedded"].Renders);
        Assert.Equal(runs["embedded"].Renders, runs["microsoft"].Renders);
    }

    [Fact]
    public async Task Edit_RegenerateOneClip_ReusesTheOthersOnBothEngines()
    {
        var runs = new Dictionary<string, (MusicVideoJobResult First, MusicVideoJobResult Cut, int RendersForCut)>();
        foreach (string name in new[] { "embedded", "microsoft" })
        {
            await using var backend = await WorkflowBackend.StartAsync(name);
            var first = await RunJobAsync(backend.Client, backend.Name, Job(3));
            int before = backend.Renders("clip");

            // The edit route's input: the same scenes, every clip reused but the second, a new seed for the new clip.
            var cut = await RunJobAsync(backend.Client, backend.Name, Job(3) with
            {
                Seed = 12,
                Scenes = first.Scenes.Select(s => new SceneDraft(s.Prompt, s.NegativePrompt ?? string.Empty)).ToList(),
                ReuseClips = first.Scenes.Where(s => s.Index != 1).ToDictionary(s => s.Index, s => s.VideoId!.Value),
            });
            runs[name] = (first, cut, backend.Renders("clip") - before);
        }

        foreach (var (first, cut, renders) in runs.Values)
        {
            Assert.Equal(1, renders);
            Assert.Equal([SceneState.Reused, SceneState.Succeeded, SceneState.Reused], cut.Scenes.Select(s => s.ClipState));
            Assert.Equal(first.Scenes[0].VideoId, cut.Scenes[0].VideoId);
            Assert.NotEqual(first.Scenes[1].VideoId, cut.Scenes[1].VideoId);
        }

        AssertSameResult(runs["embedded"].Cut, runs["microsoft"].Cut);
        Assert.InRange(Math.Abs(runs["embedded"].Cut.DurationSeconds - runs["microsoft"].Cut.DurationSeconds), 0, 0.1);
    }

    [Theory]
    [MemberData(nameof(WorkflowBackend.Names), MemberType = typeof(WorkflowBackend))]
    public async Task MusicVideoJob_StartedWithAnInputTheApiWouldRefuse_FailsAtOnceWithTheApisMessage(string backend)
    {
        await using var engine = await WorkflowBackend.StartAsync(backend);
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.MusicVideoJob, Job(3) with { SceneCount = 500 });

        var done = await WaitAsync(engine.Client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("number_of_scenes must be between 1 and 12; got 500.", done.FailureDetails!.RootCauseMessage(), StringComparison.Ordinal);
        Assert.Equal(0, engine.Renders("clip"));
    }
}
