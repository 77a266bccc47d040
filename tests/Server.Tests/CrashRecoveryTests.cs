using System.Net;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>SIGKILL in the middle of a job: a new process over the same data folder finishes it without redoing finished clips.</summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    const int Scenes = 3;
    const int ClipDuration = 4;
    MvServer? _server;

    MvServer Server => _server!;

    public async Task InitializeAsync() => _server = await MvServer.StartAsync(new Dictionary<string, string>
    {
        // Each render takes at least 3 s and one runs at a time, so the kill lands between finished and unfinished clips.
        ["MV_LOCAL_MIN_JOB_SECONDS"] = "3",
        ["MV_MAX_CONCURRENT_RENDERS"] = "1",
    });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Job_ServerKilledWhileClipsRender_NewProcessCompletesItRenderingFinishedClipsOnce()
    {
        using var response = await Server.PostJsonAsync("/api/mv/jobs", new
        {
            idea = "a night train crossing a frozen lake",
            character_description = "a conductor with a brass lantern",
            number_of_scenes = Scenes,
            aspect_ratio = "1:1",
            clip_duration = ClipDuration,
            seed = 21,
        });
        var accepted = await Server.ExpectAsync(response, HttpStatusCode.Accepted, "POST /api/mv/jobs");
        string jobId = Str(accepted, "id");

        // Edits apply to finished jobs only.
        var conflict = await Server.PostJsonExpectAsync($"/api/mv/jobs/{jobId}/scenes/1/regenerate_clip", new { }, HttpStatusCode.Conflict);
        Assert.Contains("completed", Str(conflict, "message"), StringComparison.OrdinalIgnoreCase);

        // Wait until at least one clip has succeeded and at least one has not, then crash.
        var midway = await Server.PollStatusAsync(MvServer.StatusUri(accepted), status =>
        {
            var states = status["customStatus"]?["scenes"]?.AsArray().Select(s => Str(s, "clip_state")).ToList() ?? [];
            return states.Count == Scenes && states.Contains("succeeded") && states.Any(s => s != "succeeded");
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
        await Server.KillAsync();

        var finishedBeforeKill = Scenes(midway["customStatus"]!)
            .Where(s => Str(s, "clip_state") == "succeeded")
            .Select(s => (Index: s!["index"]!.GetValue<int>(), VideoId: Str(s, "video_id")))
            .ToList();
        Assert.InRange(finishedBeforeKill.Count, 1, Scenes - 1);

        await Server.RestartAsync();
        var status = await Server.PollStatusAsync(
            $"/runtime/webhooks/durabletask/instances/{jobId}",
            s => s["runtimeStatus"]?.GetValue<string>() is not ("Running" or "Pending"),
            TimeSpan.FromSeconds(120));
        var output = CompletedOutput(status);
        Assert.All(Scenes(output), s => Assert.Equal("succeeded", Str(s, "clip_state")));

        // Clips finished before the crash keep their video and were rendered exactly once.
        var renders = Server.RenderCountsByPrompt();
        foreach (var (index, videoId) in finishedBeforeKill)
        {
            // The live status shortens prompts; the output has them complete, as the provider's request.json does.
            var scene = Scenes(output).Single(s => s!["index"]!.GetValue<int>() == index)!;
            Assert.Equal(1, renders.GetValueOrDefault(Str(scene, "prompt")));
            Assert.Equal(videoId, Str(scene, "video_id"));
        }

        // Every scene was rendered at least once (the interrupted one may render twice: at-least-once).
        Assert.Equal(Scenes, renders.Count);
        await AssertVideoAsync(Server, Str(output, "video_url"), Scenes * ClipDuration, SizeFor("1:1"));
    }
}
