using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Tests.TestSupport;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Models;
using static MusicVideo.Core.Tests.TestSupport.WorkflowParity;
using MusicVideo.Functions.Tests.Infrastructure;

namespace MusicVideo.Functions.Tests.Workflow;

/// <summary>
/// The Functions app's orchestrator and activity functions, run by Microsoft's in-process Durable host, produce the same
/// music video job and edit results as Core's registry on the embedded engine (local providers, real ffmpeg).
/// </summary>
public sealed class FunctionsWorkflowTests
{
    [Fact]
    public void TheWrappersRegistered_AreExactlyCoresTasks()
    {
        var core = MusicVideoWorkflow.Register(new DurableTaskRegistry());
        var names = WorkflowHost.RegisterFunctions(new DurableTaskRegistry(), () => throw new InvalidOperationException("not started"));
        Assert.Equal(
            core.GetOrchestrators().Select(o => o.Key.Name).Concat(core.GetActivities().Select(a => a.Key.Name)).Order(StringComparer.Ordinal),
            names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MusicVideoJobWithSong_ThenARegenerateClipEdit_SameResultsAsTheEmbeddedEngine()
    {
        var runs = new Dictionary<string, (MusicVideoJobResult First, MusicVideoJobResult Cut, int FirstRenders, int CutRenders, double VideoSeconds)>();
        foreach (var start in new Func<Task<WorkflowHost>>[] { () => WorkflowHost.StartEmbeddedAsync(), () => WorkflowHost.StartFunctionsAsync() })
        {
            await using var host = await start();
            string song = await MediaTestSupport.MakeSongAsync(Path.Combine(host.DataDirectory, "song.m4a"), 10);
            await using var stream = File.OpenRead(song);
            var stored = await host.Services.GetRequiredService<MediaImporter>().ImportSongAsync(stream, "song.m4a");

            var first = await RunJobAsync(host.Client, host.Name, Job(3, stored.Id));
            int firstRenders = host.Renders("clip");

            // The regenerate_clip route's input: same scenes, every clip reused but the second, a new seed.
            var cut = await RunJobAsync(host.Client, host.Name, Job(3, stored.Id) with
            {
                Seed = 12,
                ParentJobId = "first",
                Scenes = first.Scenes.Select(s => new SceneDraft(s.Prompt, s.NegativePrompt ?? string.Empty)).ToList(),
                ReuseClips = first.Scenes.Where(s => s.Index != 1).ToDictionary(s => s.Index, s => s.VideoId!.Value),
            });

            // The stitched file itself, probed with ffprobe: the song's length.
            string? video = await host.Services.GetRequiredService<MediaStore>().TryGetLocalPathAsync(MediaKind.Video, first.VideoId, default);
            Assert.NotNull(video);
            var probe = await MediaTestSupport.Probe.ProbeAsync(video!);
            runs[host.Name] = (first, cut, firstRenders, host.Renders("clip") - firstRenders, probe.DurationSeconds);
        }

        var (embedded, functions) = (runs["embedded"], runs["functions"]);
        foreach (var run in runs.Values)
        {
            Assert.True(run.First.SongApplied);
            Assert.InRange(run.First.DurationSeconds, 9.9, 10.1);
            Assert.InRange(run.VideoSeconds, 9.8, 10.2);
            Assert.Equal(3, run.FirstRenders);
            Assert.Equal(1, run.CutRenders);
            Assert.Equal([SceneState.Reused, SceneState.Succeeded, SceneState.Reused], run.Cut.Scenes.Select(s => s.ClipState));
            Assert.Equal(run.First.Scenes[0].VideoId, run.Cut.Scenes[0].VideoId);
            Assert.NotEqual(run.First.Scenes[1].VideoId, run.Cut.Scenes[1].VideoId);
        }

        AssertSameResult(embedded.First, functions.First);
        AssertSameResult(embedded.Cut, functions.Cut);
    }
}
