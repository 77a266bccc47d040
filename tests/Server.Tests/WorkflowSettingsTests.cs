using System.Net;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>Replay determinism: a job runs on the settings it started with, whatever the configuration says after a restart.</summary>
public sealed class WorkflowSettingsTests : IAsyncLifetime
{
    /// <summary>Appears in exactly one scene prompt of a 3-scene plan; that scene's first render fails retriably.</summary>
    const string FlakyScene = "Scene 2 of 3";
    MvServer? _server;

    MvServer Server => _server!;

    public async Task InitializeAsync() => _server = await MvServer.StartAsync(Settings(clipAttempts: 1));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    static Dictionary<string, string> Settings(int clipAttempts) => new()
    {
        ["MV_CLIP_ATTEMPTS"] = clipAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MV_CLIP_RETRY_DELAY_SECONDS"] = "0.5",
        ["MV_LOCAL_FAIL_ONCE_PROMPT"] = FlakyScene,
        ["MV_LOCAL_MIN_JOB_SECONDS"] = "2",
        ["MV_MAX_CONCURRENT_RENDERS"] = "1",
    };

    [Fact]
    public async Task Job_ClipAttemptsChangedAcrossRestart_CompletesOnTheAttemptsItStartedWith()
    {
        using var response = await Server.PostJsonAsync("/api/mv/jobs", new
        {
            idea = "a paper boat sailing down a rainy street",
            character_description = "a child in a blue raincoat",
            number_of_scenes = 3,
            clip_duration = 4,
            seed = 3,
        });
        var accepted = await Server.ExpectAsync(response, HttpStatusCode.Accepted, "POST /api/mv/jobs");
        string jobId = Str(accepted, "id");
        await Server.PollStatusAsync(MvServer.StatusUri(accepted), s => Str(s, "runtimeStatus") == "Running", TimeSpan.FromSeconds(30));

        // The process dies mid-job and comes back configured for three attempts per clip.
        await Server.KillAsync();
        await Server.RestartAsync(Settings(clipAttempts: 3));

        var status = await Server.PollStatusAsync(
            $"/runtime/webhooks/durabletask/instances/{jobId}",
            s => s["runtimeStatus"]?.GetValue<string>() is not ("Running" or "Pending"),
            TimeSpan.FromSeconds(180));
        Assert.Equal(1, status["input"]!["clip_attempts"]!.GetValue<int>());
        var output = CompletedOutput(status);
        var flaky = Scenes(output).Single(s => Str(s, "prompt").Contains(FlakyScene, StringComparison.Ordinal))!;

        // With the new setting the scene would have been retried and succeeded; on its own input it had one attempt.
        Assert.Equal("failed", Str(flaky, "clip_state"));
        Assert.Equal(1, flaky["attempts"]!.GetValue<int>());
        Assert.Equal(1, output["failed_scenes"]!.GetValue<int>());
        Assert.All(Scenes(output).Where(s => s != flaky), s => Assert.Equal("succeeded", Str(s, "clip_state")));
    }
}
