using System.Net;
using System.Text.Json.Nodes;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>POST /api/mv/jobs end to end: 202, status polling, the final video checked with ffprobe.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class JobPipelineTests(DefaultServerFixture fixture)
{
    readonly MvServer _server = fixture.Server;

    [Theory]
    [InlineData("16:9", 2, 4)]
    [InlineData("9:16", 1, 4)]
    [InlineData("1:1", 3, 4)]
    public async Task CreateJob_ValidRequest_CompletesWithVideoOfScenesTimesClipDuration(string aspectRatio, int scenes, int clipDuration)
    {
        using var response = await _server.PostJsonAsync("/api/mv/jobs", new
        {
            idea = "a lighthouse keeper who dances in a storm",
            character_description = "an old sailor with a red knitted cap",
            number_of_scenes = scenes,
            aspect_ratio = aspectRatio,
            clip_duration = clipDuration,
            seed = 11,
        });
        var accepted = await _server.ExpectAsync(response, HttpStatusCode.Accepted, "POST /api/mv/jobs");
        string id = Str(accepted, "id");
        Assert.Equal(MvServer.StatusUri(accepted), response.Headers.Location?.ToString());
        Assert.NotNull(response.Headers.RetryAfter);
        foreach (string link in new[] { "sendEventPostUri", "terminatePostUri", "rewindPostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri" })
        {
            Assert.Contains(id, Str(accepted, link), StringComparison.Ordinal);
        }

        var status = await _server.WaitForStatusAsync(accepted);
        Assert.Equal(id, Str(status, "instanceId"));
        var output = CompletedOutput(status);
        Assert.Equal(scenes, Scenes(output).Count);
        Assert.All(Scenes(output), s => Assert.Equal("succeeded", Str(s, "clip_state")));
        Assert.Equal(0, output["failed_scenes"]!.GetValue<int>());
        Assert.Equal("done", Str(status["customStatus"], "stage"));

        await AssertVideoAsync(_server, Str(output, "video_url"), scenes * clipDuration, SizeFor(aspectRatio));

        // The typed job view agrees with the Durable status.
        var view = await _server.GetJsonAsync($"/api/mv/jobs/{id}");
        Assert.Equal("Completed", Str(view, "status"));
        Assert.Equal(Str(output, "video_id"), Str(view, "video_id"));
        Assert.Equal(scenes, Scenes(view).Count);
        Assert.Null(view["parent_job_id"]);
        Assert.True(view["elapsed_seconds"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task CreateJob_WithUploadedSong_VideoIsExactlyAsLongAsTheSong()
    {
        const double songSeconds = 11;
        byte[] mp3 = await MediaTools.MakeSongAsync(songSeconds);
        var song = await _server.UploadAsync("/api/mv/songs", mp3, "tone.mp3", "audio/mpeg", HttpStatusCode.Created);
        string songId = Str(song, "song_id");
        Assert.InRange(song["duration_seconds"]!.GetValue<double>(), songSeconds - DurationTolerance, songSeconds + DurationTolerance);
        Assert.Equal("tone.mp3", Str(song, "filename"));
        byte[] audio = await _server.DownloadAsync(Str(song, "audio_url"));
        Assert.Equal(mp3.Length, audio.Length);

        var status = await _server.RunAsync("/api/mv/jobs", new
        {
            idea = "a paper boat race in the rain",
            character_description = "a girl in a yellow raincoat",
            song_id = songId,
            number_of_scenes = 2,
            aspect_ratio = "16:9",
            clip_duration = 4,
        });
        var output = CompletedOutput(status);
        Assert.True(output["song_applied"]!.GetValue<bool>());
        var (_, probe) = await AssertVideoAsync(_server, Str(output, "video_url"), songSeconds, SizeFor("16:9"));
        Assert.Equal(1, probe.AudioStreams);

        var view = await _server.GetJsonAsync($"/api/mv/jobs/{Str(status, "instanceId")}");
        Assert.Equal(songId, Str(view, "song_id"));
        Assert.InRange(view["duration_seconds"]!.GetValue<double>(), songSeconds - DurationTolerance, songSeconds + DurationTolerance);
    }

    [Fact]
    public async Task CreateJob_WithWait_Answers200WithTheFinishedJobView()
    {
        var view = await _server.PostJsonExpectAsync("/api/mv/jobs?wait=120", new
        {
            idea = "neon koi fish swimming through a city",
            character_description = "a tall drummer with silver hair",
            number_of_scenes = 1,
            aspect_ratio = "1:1",
            clip_duration = 4,
        }, HttpStatusCode.OK);
        Assert.Equal("Completed", Str(view, "status"));
        Assert.Equal("done", Str(view, "stage"));
        Assert.Single(Scenes(view));
        await AssertVideoAsync(_server, Str(view, "video_url"), 4, SizeFor("1:1"));
    }

    [Fact]
    public async Task ServiceEndpoints_Requested_HealthAndOpenApiAndManagementApiAnswer()
    {
        var health = await _server.GetJsonAsync("/healthz");
        Assert.Equal("ok", Str(health, "status"));
        var openApi = await _server.GetJsonAsync("/openapi/v1.json");
        Assert.NotNull(openApi["paths"]?["/api/mv/jobs"]);
        var instances = await _server.GetJsonAsync("/runtime/webhooks/durabletask/instances");
        Assert.IsType<JsonArray>(instances);
    }
}
