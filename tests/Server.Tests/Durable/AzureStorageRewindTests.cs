using System.Net;
using System.Text.Json.Nodes;
using MusicVideo.ProviderStandIns;
using MusicVideo.Server.Tests.Infrastructure;
using MusicVideo.Server.Tests.Providers;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Durable;

/// <summary>Rewinding a failed job over the Durable HTTP API on the azure-storage backend re-runs only what failed.</summary>
public sealed class AzureStorageRewindTests
{
    const int Scenes = 2;

    /// <summary>The length of every clip the Replicate stand-in serves.</summary>
    const double StandInClipSeconds = 4;

    [Fact]
    public async Task Rewinding_a_job_whose_clip_downloads_failed_reruns_only_the_downloads_and_pays_no_prediction_twice()
    {
        var settings = await AzureStorageBackendTests.SettingsAsync();
        // One attempt per clip, so a clip whose download fails for good fails its scene and, with every scene failed, the job.
        settings["MV_CLIP_ATTEMPTS"] = "1";
        await using var rig = await ReplicateRig.StartAsync(webhooks: false, TimeSpan.FromSeconds(1), settings, r => r.Faults.Add(new FaultRule
        {
            Kind = FaultKind.ServerError,
            Method = "GET",
            Path = p => p.StartsWith("/output/", StringComparison.Ordinal),
        }));
        var server = rig.Server;
        var accepted = await rig.StartJobAsync(Scenes);
        string jobId = Str(accepted, "id");
        var failed = await rig.WaitForJobAsync(accepted, TimeSpan.FromMinutes(4));
        Assert.True(Str(failed, "status") == "Failed", failed.ToJsonString() + "\n" + server.Output);
        // The failures are told in words; the default log carries no stack traces.
        Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
        int downloadsBefore = Downloads(rig);
        Assert.True(downloadsBefore >= Scenes * 5, $"each clip's download was retried before the job failed ({downloadsBefore} downloads)");
        Assert.Equal(Scenes, rig.VideoCreates().Count);

        // The outputs can be downloaded again: rewind through Durable Functions' own route, as an operator would.
        rig.Replicate.Faults.Clear();
        using var rewind = await server.Http.PostAsync($"/runtime/webhooks/durabletask/instances/{jobId}/rewind?reason=outputs+are+back", null);
        Assert.Equal(HttpStatusCode.Accepted, rewind.StatusCode);
        await server.PollStatusAsync(
            $"/runtime/webhooks/durabletask/instances/{jobId}", s => Str(s, "runtimeStatus") is "Completed" or "Failed" && Downloads(rig) > downloadsBefore, TimeSpan.FromMinutes(3));

        var job = await server.GetJsonAsync("/api/mv/jobs/" + jobId);
        Assert.True(Str(job, "status") == "Completed", job.ToJsonString() + "\n" + server.Output);
        Assert.All(Scenes(job), s => Assert.Equal("succeeded", Str(s, "clip_state")));
        var probe = await MediaTools.ProbeAsync(await server.DownloadAsync(Str(job, "video_url")));
        Assert.InRange(probe.DurationSeconds, (Scenes * StandInClipSeconds) - 0.5, (Scenes * StandInClipSeconds) + 0.5);

        // Only the failed downloads ran again: no prediction was created twice, and the scenes were not planned again.
        Assert.Equal(Scenes, rig.VideoCreates().Count);
        Assert.Equal(downloadsBefore + Scenes, Downloads(rig));
        var history = await server.GetJsonAsync($"/runtime/webhooks/durabletask/instances/{jobId}?showHistory=true");
        Assert.Single(Events(history), e => Str(e, "EventType") == "TaskCompleted" && e["FunctionName"]?.GetValue<string>() == "PlanScenes");
        Assert.Equal(Scenes, Events(history).Count(e => Str(e, "EventType") == "SubOrchestrationInstanceCompleted"));
    }

    static int Downloads(ReplicateRig rig) => rig.Replicate.Requests.Where("GET", p => p.StartsWith("/output/", StringComparison.Ordinal)).Count;

    static IEnumerable<JsonNode> Events(JsonNode status) => status["historyEvents"]!.AsArray().Select(e => e!);
}
