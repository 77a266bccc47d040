using System.Net;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>SIGKILL during a held generate_video: the orchestration resumes after restart and an Idempotency-Key retry gets its result.</summary>
public sealed class SeedCrashTests : IAsyncLifetime
{
    MvServer? _server;

    MvServer Server => _server!;

    public async Task InitializeAsync() => _server = await MvServer.StartAsync(new Dictionary<string, string>
    {
        // A render takes at least 8 s, so the kill lands while the request is held and the clip is not done.
        ["MV_LOCAL_MIN_JOB_SECONDS"] = "8",
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
    public async Task GenerateVideo_ServerKilledDuringTheHold_RestartCompletesItAndTheKeyedRetryReturnsItWithoutRenderingAgain()
    {
        const string prompt = "A night market lights up under a bridge.";
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "quick-gen-scene-1-" + Guid.NewGuid().ToString("N") };
        var body = new { prompt, duration = 4, aspect_ratio = "9:16" };
        var held = SeedClient.PostAsync(Server, "/api/mv/generate_video", body, headers);

        // Crash once the render has started (renders.log gets its line when a render begins).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Server.RenderCountsByPrompt().GetValueOrDefault(prompt) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the render never started:\n" + Server.Output);
            await Task.Delay(100);
        }

        await Task.Delay(1000);
        Assert.False(held.IsCompleted, "the held request answered before the crash");
        await Server.KillAsync();
        Assert.IsType<HttpRequestException>(await Record.ExceptionAsync(() => held), exactMatch: false);

        // A new process over the same data folder finishes the orchestration; its result is readable by id.
        await Server.RestartAsync();
        var instance = Assert.Single(await SeedClient.IdempotentInstancesAsync(Server));
        Assert.Equal("GenerateClip", Str(instance, "name"));
        string id = Str(instance, "instanceId");
        var status = await Server.PollStatusAsync($"/runtime/webhooks/durabletask/instances/{id}", s => Str(s, "runtimeStatus") is not ("Running" or "Pending"), TimeSpan.FromSeconds(120));
        var output = CompletedOutput(status);
        int rendersAfterRecovery = Server.RenderCountsByPrompt()[prompt];
        Assert.InRange(rendersAfterRecovery, 1, 2); // the render cut by the kill may run again once (at-least-once)

        // The client retries with the same key: that result, the seed's fields, no new render, no new orchestration.
        var retry = await SeedClient.PostExpectAsync(Server, "/api/mv/generate_video", body, HttpStatusCode.OK, headers);
        Assert.True(retry.Replayed);
        Assert.Equal(Str(output, "video_id"), Str(retry.Body, "video_id"));
        Assert.Equal(4, retry.Body["metadata"]!["duration"]!.GetValue<int>());
        await AssertVideoAsync(Server, Str(retry.Body, "video_url"), 4, SizeFor("9:16"));
        Assert.Equal(rendersAfterRecovery, Server.RenderCountsByPrompt()[prompt]);
        Assert.Single(await SeedClient.IdempotentInstancesAsync(Server));
    }
}
