using System.Net;
using System.Text.Json.Nodes;
using MusicVideo.ProviderStandIns;
using MusicVideo.ProviderStandIns.Replicate;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Providers;

/// <summary>Jobs on Replicate character references and Replicate clips (local scenes), against the Replicate stand-in and a real server.</summary>
public sealed class ReplicateJobTests
{
    static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Job_WithReplicateReferencesAndClipsAndWebhooks_CompletesWithTheRequiredFieldsZeroPollsAndTheMetricsCost()
    {
        await using var rig = await ReplicateRig.StartAsync(webhooks: true, TimeSpan.FromSeconds(2), configure: r => r.PredictTime = p => p.Model == "google/veo-3.1" ? 40 + p.Input["seed"]!.GetValue<int>() : 3);

        // Character references: 2 images from google/imagen-4, downloaded into our store at once.
        var refs = await rig.Server.PostJsonExpectAsync(
            "/api/mv/generate_character_reference", new { character_description = "an old keeper in a yellow raincoat", num_images = 2, seed = 7 }, HttpStatusCode.OK);
        var images = refs["images"]!.AsArray();
        Assert.Equal(2, images.Count);
        Assert.Equal("replicate", Str(refs["metadata"], "backend_used"));
        Assert.Equal("google/imagen-4", Str(refs["metadata"], "model_used"));
        byte[] png = await rig.Server.DownloadAsync(Str(images[0], "image_url"), "image/png");
        Assert.Equal(await StandInMedia.PngAsync(), png);
        var imageCreates = rig.ImageCreates();
        Assert.Equal(2, imageCreates.Count);
        Assert.All(imageCreates, r =>
        {
            Assert.Equal("Bearer " + rig.Replicate.ApiToken, r.Header("Authorization"));
            Assert.StartsWith("wait", r.Header("Prefer"));
            var input = r.Json()!["input"]!;
            Assert.Contains("an old keeper in a yellow raincoat", Str(input, "prompt"));
            Assert.Equal("1:1", Str(input, "aspect_ratio"));
            Assert.Equal("png", Str(input, "output_format"));
            Assert.Equal("block_medium_and_above", Str(input, "safety_filter_level"));
        });
        Assert.Equal([7, 8], imageCreates.Select(r => r.Json()!["input"]!["seed"]!.GetValue<int>()).Order());

        // A 3-scene job with the first reference: every clip from google/veo-3.1 with the reference uploaded.
        var accepted = await rig.StartJobAsync(3, Str(images[0], "id"));
        var job = await rig.WaitForJobAsync(accepted, JobTimeout);
        Assert.True(Str(job, "status") == "Completed", job.ToJsonString());
        var scenes = job["scenes"]!.AsArray();
        Assert.All(scenes, s =>
        {
            Assert.Equal("succeeded", Str(s, "clip_state"));
            Assert.Equal("replicate", Str(s, "backend_used"));
            Assert.Equal("google/veo-3.1", Str(s, "model_used"));
        });

        var creates = rig.VideoCreates();
        Assert.Equal(3, creates.Count);
        var uploads = rig.Replicate.Requests.Where("POST", p => p == "/v1/files");
        Assert.NotEmpty(uploads);
        Assert.All(creates, r =>
        {
            Assert.Equal("Bearer " + rig.Replicate.ApiToken, r.Header("Authorization"));
            Assert.Equal("900s", r.Header("Cancel-After"));
            Assert.Null(r.Header("Prefer"));
            var body = r.Json()!;
            var input = body["input"]!;
            Assert.Contains("- The video should be in 16:9 aspect ratio.", Str(input, "prompt"));
            Assert.Equal("16:9", Str(input, "aspect_ratio"));
            Assert.Equal(8, input["duration"]!.GetValue<int>());
            Assert.True(input["generate_audio"]!.GetValue<bool>());
            Assert.NotNull(input["seed"]);
            string reference = input["reference_images"]!.AsArray().Single()!.GetValue<string>();
            Assert.StartsWith(rig.Replicate.BaseUrl + "v1/files/", reference);
            Assert.StartsWith(rig.Relay!.BaseUrl + "api/mv/webhooks/replicate?instance=", Str(body, "webhook"));
            Assert.Equal(["completed"], body["webhook_events_filter"]!.AsArray().Select(x => x!.GetValue<string>()));
        });

        // Webhooks arrived, so no clip prediction was ever polled.
        var clipPredictions = rig.Replicate.Predictions.Where(p => p.Model == "google/veo-3.1").ToList();
        Assert.All(clipPredictions, p => Assert.Equal(0, rig.PollsOf(p.Id)));
        Assert.Equal(3, rig.Replicate.WebhookDeliveries.Count(d => d.Status == 200));

        // Cost: the sum of predict_time × the configured price, per scene and for the job.
        decimal expected = clipPredictions.Sum(p => (decimal)p.PredictTime!.Value * ReplicateRig.VideoPricePerPredictSecond);
        Assert.Equal(expected, job["cost_usd"]!.GetValue<decimal>());
        Assert.Equal(expected, scenes.Sum(s => s!["cost_usd"]!.GetValue<decimal>()));
        Assert.Equal(expected, (await rig.Server.GetJsonAsync(MvServer.StatusUri(accepted)))["output"]!["cost_usd"]!.GetValue<decimal>());

        // The final video is the three stand-in clips stitched.
        byte[] video = await rig.Server.DownloadAsync(Str(job, "video_url"), "video/mp4");
        Assert.True(video.Length > 10_000);
    }

    [Theory]
    [InlineData("VIDEO_PROVIDER", "replicate", "REPLICATE_API_TOKEN is not set; VIDEO_PROVIDER=replicate needs a Replicate API token")]
    [InlineData("IMAGE_PROVIDER", "replicate", "REPLICATE_API_TOKEN is not set; IMAGE_PROVIDER=replicate needs a Replicate API token")]
    [InlineData("VIDEO_PROVIDER", "sora", "VIDEO_PROVIDER must be one of local, replicate, veo; got 'sora'.")]
    public async Task ChosenProvider_WithoutItsKey_StopsStartUpNamingTheVariable(string variable, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MvServer.StartAsync(new Dictionary<string, string> { [variable] = value }));
        Assert.Contains("error: " + expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_WithThirtyPercentTransientFailures_AllComplete()
    {
        await using var rig = await ReplicateRig.StartAsync(webhooks: false, TimeSpan.FromSeconds(1), configure: r =>
        {
            r.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Path = p => p.StartsWith("/v1/", StringComparison.Ordinal), Probability = 0.15 });
            r.Faults.Add(new FaultRule { Kind = FaultKind.RateLimited, Path = p => p.StartsWith("/v1/", StringComparison.Ordinal), Probability = 0.15 / 0.85, RetryAfterSeconds = 1 });
        });
        var started = new List<JsonNode>();
        for (int i = 0; i < 10; i++)
        {
            started.Add(await rig.StartJobAsync(2, seed: 100 + i));
        }

        foreach (var accepted in started)
        {
            var job = await rig.WaitForJobAsync(accepted, TimeSpan.FromSeconds(240));
            Assert.True(Str(job, "status") == "Completed", job.ToJsonString());
            Assert.Equal(0, job["failed_scenes"]!.GetValue<int>());
        }

        var all = rig.Replicate.Requests.All.Where(r => r.Path.StartsWith("/v1/", StringComparison.Ordinal)).ToList();
        double share = all.Count(r => r.Fault is not null) / (double)all.Count;
        Assert.InRange(share, 0.2, 0.4);

        // A create that failed reached nothing (the fault answers first), so no scene paid for two predictions in one attempt.
        Assert.True(rig.VideoCreates().Count(r => r.Fault is null) >= 20);
    }

    [Fact]
    public async Task Job_WithAContentPolicyRefusalOnOneScene_FailsThatSceneAtOnceInWordsAndCompletes()
    {
        await using var rig = await ReplicateRig.StartAsync(webhooks: false, TimeSpan.FromSeconds(1), configure: r =>
            r.Faults.Add(new FaultRule { Kind = FaultKind.ContentPolicy, Method = "POST", Path = p => p.EndsWith("/predictions", StringComparison.Ordinal), Times = 1 }));
        var job = await rig.WaitForJobAsync(await rig.StartJobAsync(3), JobTimeout);
        Assert.True(Str(job, "status") == "Completed", job.ToJsonString());
        var failed = job["scenes"]!.AsArray().Where(s => Str(s, "clip_state") == "failed").ToList();
        var scene = Assert.Single(failed);
        Assert.Equal(1, scene!["attempts"]!.GetValue<int>());
        Assert.Contains("content policy", Str(scene, "error"));
        Assert.Contains("flagged as sensitive", Str(scene, "error"));
        Assert.Equal(1, job["failed_scenes"]!.GetValue<int>());
        Assert.Equal(3, rig.VideoCreates().Count);
    }
}
