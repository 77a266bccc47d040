using System.Net;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>DELETE /api/mv/jobs/{id}: the job, its clip sub-orchestrations and the media only it uses go; shared clips stay.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class JobDeletionTests(DefaultServerFixture fixture)
{
    const string Api = "/runtime/webhooks/durabletask";
    readonly MvServer _server = fixture.Server;

    [Fact]
    public async Task Delete_JobWhoseClipsAnEditReuses_KeepsTheClipsUntilTheEditIsDeletedToo()
    {
        var original = await _server.RunAsync("/api/mv/jobs", new { idea = "kites over dunes", character_description = "a girl in a red scarf", number_of_scenes = 2, clip_duration = 4, aspect_ratio = "1:1" });
        string originalId = Str(original, "instanceId");
        var originalOutput = CompletedOutput(original);
        string[] clipUrls = [.. Scenes(originalOutput).Select(s => Str(s, "video_url"))];
        string[] clipIds = [.. Scenes(originalOutput).Select(s => Str(s, "video_id"))];
        string originalCut = Str(originalOutput, "video_url");
        await _server.GetJsonAsync($"{Api}/instances/{originalId}-scene1-try1");

        var edit = await _server.RunAsync($"/api/mv/jobs/{originalId}/restitch");
        string editId = Str(edit, "instanceId");
        string editCut = Str(CompletedOutput(edit), "video_url");

        var first = await this.DeleteAsync(originalId, HttpStatusCode.OK);
        Assert.Equal([Str(originalOutput, "video_id")], first["deleted_video_ids"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(clipIds.Order(), first["kept_video_ids"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.True(first["instances_deleted"]!.GetValue<int>() >= 3, first.ToJsonString());
        await _server.GetJsonAsync($"/api/mv/jobs/{originalId}", HttpStatusCode.NotFound);
        await _server.GetJsonAsync($"{Api}/instances/{originalId}-scene1-try1", HttpStatusCode.NotFound);
        await _server.GetJsonAsync(originalCut, HttpStatusCode.NotFound);
        foreach (string url in clipUrls)
        {
            await _server.DownloadAsync(url, "video/mp4");
        }

        await _server.DownloadAsync(editCut, "video/mp4");

        var second = await this.DeleteAsync(editId, HttpStatusCode.OK);
        Assert.Empty(second["kept_video_ids"]!.AsArray());
        Assert.Equal(3, second["deleted_video_ids"]!.AsArray().Count);
        foreach (string url in clipUrls.Append(editCut))
        {
            await _server.GetJsonAsync(url, HttpStatusCode.NotFound);
        }

        await this.DeleteAsync(editId, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_RunningJob_Answers409SayingToTerminateFirst()
    {
        var accepted = await _server.PostJsonExpectAsync("/api/mv/jobs", new { idea = "a slow dawn", character_description = "a rooster", number_of_scenes = 4, clip_duration = 8 }, HttpStatusCode.Accepted);
        string id = Str(accepted, "id");

        var refused = await this.DeleteAsync(id, HttpStatusCode.Conflict);

        Assert.Contains("terminate", refused["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await _server.WaitForStatusAsync(accepted);
    }

    async Task<System.Text.Json.Nodes.JsonNode> DeleteAsync(string jobId, HttpStatusCode expected)
    {
        using var response = await _server.Http.DeleteAsync($"/api/mv/jobs/{jobId}");
        return await _server.ExpectAsync(response, expected, $"DELETE job {jobId}");
    }
}
