using System.Net;
using System.Text.Json.Nodes;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>Terminating a job reaches its clip sub-orchestrations and the provider: no render starts or keeps running afterwards.</summary>
public sealed class TerminateTests : IAsyncLifetime
{
    MvServer? _server;

    MvServer Server => _server!;

    public async Task InitializeAsync() => _server = await MvServer.StartAsync(new Dictionary<string, string>
    {
        // Renders last 30 s and two run at a time: the third scene is still queued when the job is terminated.
        ["MV_LOCAL_MIN_JOB_SECONDS"] = "30",
        ["MV_MAX_CONCURRENT_RENDERS"] = "2",
    });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task TerminateJob_MidRender_TerminatesClipsAndCancelsTheirProviderJobs()
    {
        using var response = await Server.PostJsonAsync("/api/mv/jobs", new
        {
            idea = "a kite festival on a windy cliff",
            character_description = "a girl with a dragon kite",
            number_of_scenes = 3,
            clip_duration = 4,
            seed = 8,
        });
        var accepted = await Server.ExpectAsync(response, HttpStatusCode.Accepted, "POST /api/mv/jobs");
        string jobId = Str(accepted, "id");
        await Server.PollStatusAsync(MvServer.StatusUri(accepted), s =>
            s["customStatus"]?["scenes"]?.AsArray().Count(x => Str(x, "clip_state") == "generating") == 3 && RenderCount() >= 1,
            TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));

        using var terminate = await Server.Http.PostAsync($"/runtime/webhooks/durabletask/instances/{jobId}/terminate?reason=changed+my+mind", null);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);

        var job = await Server.PollStatusAsync($"/runtime/webhooks/durabletask/instances/{jobId}", s => Str(s, "runtimeStatus") == "Terminated", TimeSpan.FromSeconds(30));
        Assert.Equal("changed my mind", job["output"]!.GetValue<string>());
        for (int scene = 1; scene <= 3; scene++)
        {
            await Server.PollStatusAsync(
                $"/runtime/webhooks/durabletask/instances/{jobId}-scene{scene}-try1", s => Str(s, "runtimeStatus") == "Terminated", TimeSpan.FromSeconds(30));
        }

        // Every provider job of the job ends canceled (a running render is killed, a queued one never starts) ...
        string clipJobs = Path.Combine(Server.DataDirectory, "providers", "local-clips");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<string> jobs;
        do
        {
            await Task.Delay(250);
            jobs = Directory.EnumerateDirectories(clipJobs).Where(d => File.Exists(Path.Combine(d, "request.json"))).ToList();
        }
        while (DateTime.UtcNow < deadline && !jobs.All(Canceled));

        Assert.Equal(3, jobs.Count);
        Assert.All(jobs, dir => Assert.True(Canceled(dir), $"provider job {Path.GetFileName(dir)} was not canceled"));

        // ... and nothing renders afterwards: the render count stays, and no job finishes.
        int renders = RenderCount();
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(renders, RenderCount());
        Assert.InRange(renders, 1, 2);
        Assert.DoesNotContain(jobs, dir => File.Exists(Path.Combine(dir, "done.json")));
    }

    int RenderCount() => File.Exists(Server.RendersLogPath) ? File.ReadAllLines(Server.RendersLogPath).Length : 0;

    static bool Canceled(string jobDirectory)
    {
        string failed = Path.Combine(jobDirectory, "failed.json");
        return File.Exists(failed) && JsonNode.Parse(File.ReadAllText(failed))?["reason"]?.GetValue<string>() == "canceled";
    }
}
