using System.Net;
using System.Text.Json.Nodes;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>
/// The seed routes answer like the seed by default (held until the work is done, 200 with the seed's fields), with
/// standard opt-ins for asynchronous clients: written as the seed's frontend calls them (no Prefer, no query string).
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class SeedHeldAnswerTests(DefaultServerFixture fixture)
{
    static readonly Dictionary<string, string> RespondAsync = new() { ["Prefer"] = "respond-async" };

    readonly MvServer _server = fixture.Server;

    [Fact]
    public async Task QuickGenFlow_AsTheSeedFrontendDrivesIt_EveryStepAnswers200WithTheSeedsFields()
    {
        // /create: generate four character images, fetch each one (local mode serves the bytes), pick one.
        var references = await SeedClient.PostExpectAsync(_server, "/api/mv/generate_character_reference", new
        {
            character_description = "a saxophonist in a silver raincoat",
            num_images = 4,
        }, HttpStatusCode.OK);
        var images = references.Body["images"]!.AsArray();
        Assert.Equal(4, images.Count);
        Assert.Equal(4, references.Body["metadata"]!["num_images_generated"]!.GetValue<int>());
        Assert.Equal(4, references.Body["metadata"]!["num_images_requested"]!.GetValue<int>());
        Assert.NotNull(references.Body["metadata"]!["generation_timestamp"]);
        var pictures = await Task.WhenAll(images.Select(i => _server.DownloadAsync($"/api/mv/get_character_reference/{Str(i, "id")}?redirect=false", "image/png")));
        Assert.All(pictures, p => Assert.Equal(0x89, p[0]));
        string selected = Str(images[1], "id");

        // /quick-gen-page: the scenes, then one generate_video per scene, all at once.
        var plan = await SeedClient.PostExpectAsync(_server, "/api/mv/create_scenes", new
        {
            idea = "a rainy night in a neon city",
            character_description = "a saxophonist in a silver raincoat",
            config_flavor = "default",
        }, HttpStatusCode.OK);
        var scenes = Scenes(plan.Body);
        Assert.Equal(4, scenes.Count);
        Assert.Equal(4, plan.Body["metadata"]!["number_of_scenes"]!.GetValue<int>());
        Assert.Equal("default from config", Str(plan.Body["metadata"]!["parameters_used"], "camera_angle"));
        Assert.True(plan.Body.AsObject().ContainsKey("output_files"));

        var clips = await Task.WhenAll(scenes.Select(scene => SeedClient.PostExpectAsync(_server, "/api/mv/generate_video", new
        {
            prompt = Str(scene, "description"),
            negative_prompt = Str(scene, "negative_description"),
            config_flavor = "default",
            character_reference_id = selected,
        }, HttpStatusCode.OK)));
        foreach (var clip in clips)
        {
            Assert.Null(clip.Body["character_reference_warning"]);
            Assert.Equal(selected, Str(clip.Body["metadata"], "character_reference_id"));
            Assert.Equal($"/api/mv/get_video/{Str(clip.Body, "video_id")}", Str(clip.Body, "video_url"));
            byte[] mp4 = await _server.DownloadAsync($"/api/mv/get_video/{Str(clip.Body, "video_id")}", "video/mp4");
            Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(mp4, 4, 4));
        }

        // Every clip succeeded: stitch them in scene order.
        var stitched = await SeedClient.PostExpectAsync(_server, "/api/mv/stitch-videos", new
        {
            video_ids = clips.Select(c => Str(c.Body, "video_id")).ToArray(),
        }, HttpStatusCode.OK);
        Assert.False(stitched.Body["audio_overlay_applied"]!.GetValue<bool>());
        Assert.True(stitched.Body.AsObject().ContainsKey("audio_overlay_warning"));
        await AssertVideoAsync(_server, Str(stitched.Body, "video_url"), 4 * 8, SizeFor("16:9"));

        // None of those answers was a 202 or named a preference: the seed's clients see the seed's behaviour.
        Assert.All(clips.Append(references).Append(plan).Append(stitched), a => Assert.Null(a.PreferenceApplied));
    }

    [Fact]
    public async Task QuickGenFlow_PreferRespondAsync_Answers202AndPollingReachesTheSameResults()
    {
        string run = Guid.NewGuid().ToString("N");
        var references = await RunAsyncThenReplayAsync("/api/mv/generate_character_reference", new
        {
            character_description = "a cellist with a paper crown",
            num_images = 2,
        }, $"{run}-refs");
        var images = references["images"]!.AsArray();
        Assert.Equal(2, images.Count);
        string selected = Str(images[0], "id");

        var plan = await RunAsyncThenReplayAsync("/api/mv/create_scenes", new
        {
            idea = "a paper boat race on a river",
            character_description = "a cellist with a paper crown",
            number_of_scenes = 2,
        }, $"{run}-scenes");
        var scenes = Scenes(plan);
        Assert.Equal(2, scenes.Count);

        var clips = await Task.WhenAll(scenes.Select((scene, i) => RunAsyncThenReplayAsync("/api/mv/generate_video", new
        {
            prompt = Str(scene, "description"),
            negative_prompt = Str(scene, "negative_description"),
            duration = 4,
            character_reference_id = selected,
        }, $"{run}-clip-{i}")));
        Assert.All(clips, c => Assert.Equal(selected, Str(c["metadata"], "character_reference_id")));

        var stitched = await RunAsyncThenReplayAsync("/api/mv/stitch-videos", new
        {
            video_ids = clips.Select(c => Str(c, "video_id")).ToArray(),
        }, $"{run}-stitch");
        await AssertVideoAsync(_server, Str(stitched, "video_url"), 2 * 4, SizeFor("16:9"));
    }

    [Fact]
    public async Task SeedRoute_WaitZeroQuery_Answers202WithoutPreferenceApplied()
    {
        using var response = await _server.PostJsonAsync("/api/mv/create_scenes?wait=0", new { idea = "a kite in a storm", character_description = "a girl in yellow boots" });
        var accepted = await _server.ExpectAsync(response, HttpStatusCode.Accepted, "POST create_scenes?wait=0");
        Assert.False(response.Headers.Contains("Preference-Applied"));
        Assert.Equal("Completed", Str(await _server.WaitForStatusAsync(accepted), "runtimeStatus"));
    }

    [Fact]
    public async Task StitchVideos_MissingVideoId_Answers404WithOurMessageAndTheSeedsDetail()
    {
        var clip = await SeedClient.PostExpectAsync(_server, "/api/mv/generate_video", new { prompt = "A lighthouse at dawn.", duration = 4 }, HttpStatusCode.OK);
        string missing = Guid.NewGuid().ToString();
        var error = await SeedClient.PostExpectAsync(_server, "/api/mv/stitch-videos", new
        {
            video_ids = new[] { Str(clip.Body, "video_id"), missing },
        }, HttpStatusCode.NotFound);

        Assert.Equal("not_found", Str(error.Body, "error"));
        Assert.Contains(missing, Str(error.Body, "message"), StringComparison.Ordinal);
        var detail = error.Body["detail"]!;
        Assert.Equal(Str(error.Body, "error"), Str(detail, "error"));
        Assert.Equal(Str(error.Body, "message"), Str(detail, "message"));
        Assert.Equal(missing, Str(detail["details"], "missing_id"));
    }

    [Fact]
    public async Task SeedRoute_BadRequest_CarriesTheSeedsDetailButJobRoutesKeepOurShapeOnly()
    {
        var seed = await SeedClient.PostExpectAsync(_server, "/api/mv/generate_character_reference", new { character_description = "a", num_images = 9 }, HttpStatusCode.BadRequest);
        Assert.Contains("num_images", Str(seed.Body["detail"], "message"), StringComparison.Ordinal);

        var job = await SeedClient.PostExpectAsync(_server, "/api/mv/jobs", new { idea = "", character_description = "b" }, HttpStatusCode.BadRequest);
        Assert.Contains("idea", Str(job.Body, "message"), StringComparison.Ordinal);
        Assert.Null(job.Body["detail"]);
    }

    [Fact]
    public async Task Health_Requested_AnswersLikeTheSeed()
    {
        var health = await _server.GetJsonAsync("/health");
        Assert.Equal("healthy", Str(health, "status"));
        Assert.False(string.IsNullOrWhiteSpace(Str(health, "service")));
        Assert.Matches(@"^\d+\.\d+\.\d+$", Str(health, "version"));
    }

    [Fact]
    public async Task Jobs_DefaultIsAsync_SameIdempotencyKeyReachesTheSameJobAndAnotherBodyIs422()
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };
        var body = new { idea = "a lantern parade", character_description = "a child with a fox mask", number_of_scenes = 1, clip_duration = 4, aspect_ratio = "1:1" };
        var first = await SeedClient.PostExpectAsync(_server, "/api/mv/jobs", body, HttpStatusCode.Accepted, headers);
        Assert.False(first.Replayed);
        Assert.NotNull(first.Location);

        var again = await SeedClient.PostExpectAsync(_server, "/api/mv/jobs", body, HttpStatusCode.Accepted, headers);
        Assert.True(again.Replayed);
        Assert.Equal(Str(first.Body, "id"), Str(again.Body, "id"));

        var other = await SeedClient.PostExpectAsync(_server, "/api/mv/jobs", body with { idea = "another idea" }, (HttpStatusCode)422, headers);
        Assert.Equal("idempotency_key_reused", Str(other.Body, "error"));
        Assert.Contains("new key", Str(other.Body, "message"), StringComparison.Ordinal);

        // The same key on another route is another request.
        var scenes = await SeedClient.PostExpectAsync(_server, "/api/mv/create_scenes", new { idea = "a lantern parade", character_description = "a child" }, HttpStatusCode.OK, headers);
        Assert.False(scenes.Replayed);

        var done = CompletedOutput(await _server.WaitForStatusAsync(first.Body));
        Assert.Equal("succeeded", Str(Scenes(done)[0], "clip_state"));
        var instances = await SeedClient.IdempotentInstancesAsync(_server);
        Assert.Single(instances, i => Str(i, "instanceId") == Str(first.Body, "id"));
    }

    [Theory]
    [InlineData("has space", "visible ASCII")]
    [InlineData("", "visible ASCII")]
    [InlineData("a,b", "exactly one")]
    [InlineData("\"quote\"inside\"", "visible ASCII")]
    [InlineData("long", "visible ASCII")]
    public async Task IdempotencyKey_Malformed_Answers400SayingWhatAKeyMayHold(string key, string mentions)
    {
        if (key == "long")
        {
            key = new string('k', 256);
        }

        var error = await SeedClient.PostExpectAsync(_server, "/api/mv/generate_video", new { prompt = "x" }, HttpStatusCode.BadRequest,
            new Dictionary<string, string> { ["Idempotency-Key"] = key });
        Assert.Contains("Idempotency-Key", Str(error.Body, "message"), StringComparison.Ordinal);
        Assert.Contains(mentions, Str(error.Body, "message"), StringComparison.Ordinal);
        Assert.Equal(Str(error.Body, "message"), Str(error.Body["detail"], "message"));
    }

    [Fact]
    public async Task IdempotencyKey_QuotedStructuredFieldString_IsTheSameKeyAsTheBareToken()
    {
        string key = Guid.NewGuid().ToString();
        var body = new { prompt = "A paper plane over a schoolyard.", duration = 4, aspect_ratio = "1:1" };
        var bare = await SeedClient.PostExpectAsync(_server, "/api/mv/generate_video", body, HttpStatusCode.OK, new Dictionary<string, string> { ["Idempotency-Key"] = key });
        var quoted = await SeedClient.PostExpectAsync(_server, "/api/mv/generate_video", body, HttpStatusCode.OK, new Dictionary<string, string> { ["Idempotency-Key"] = $"\"{key}\"" });
        Assert.True(quoted.Replayed);
        Assert.Equal(Str(bare.Body, "video_id"), Str(quoted.Body, "video_id"));
    }

    /// <summary>
    /// Starts with Prefer: respond-async (202, Preference-Applied, check-status), polls to Completed, then repeats the
    /// request with the same Idempotency-Key and no Prefer: the seed's body of that same orchestration (200, replayed).
    /// </summary>
    async Task<JsonNode> RunAsyncThenReplayAsync(string path, object body, string key)
    {
        var headers = new Dictionary<string, string>(RespondAsync) { ["Idempotency-Key"] = key };
        var accepted = await SeedClient.PostExpectAsync(_server, path, body, HttpStatusCode.Accepted, headers);
        Assert.Equal("respond-async", accepted.PreferenceApplied);
        Assert.NotNull(accepted.Location);
        Assert.Equal(MvServer.StatusUri(accepted.Body), accepted.Location!.ToString());
        var status = await _server.WaitForStatusAsync(accepted.Body);
        var output = CompletedOutput(status);

        var replay = await SeedClient.PostExpectAsync(_server, path, body, HttpStatusCode.OK, new Dictionary<string, string> { ["Idempotency-Key"] = key });
        Assert.True(replay.Replayed, $"{path}: the retry with the same key should reach the first orchestration");
        Assert.Null(replay.PreferenceApplied);

        // The polled output and the seed-shaped answer describe the same artefacts (the same ids).
        var polled = Strings(output).ToHashSet(StringComparer.Ordinal);
        foreach (string id in Ids(replay.Body))
        {
            Assert.Contains(id, polled);
        }

        return replay.Body;
    }

    static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue(out string? text) => [text],
        _ => [],
    };

    static IEnumerable<string> Ids(JsonNode body) =>
        body["images"] is JsonArray images ? images.Select(i => Str(i, "id")) :
        body["video_id"] is not null ? [Str(body, "video_id")] :
        Scenes(body).Select(s => Str(s, "description"));
}
