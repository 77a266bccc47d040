using System.Net;
using System.Text.Json.Nodes;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>Edits of a finished job make a new job that reuses every untouched clip (same video id, same bytes).</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class JobEditTests(DefaultServerFixture fixture)
{
    const int SceneCount = 3;
    const int ClipDuration = 4;
    const string Aspect = "1:1";
    static readonly SemaphoreSlim BaseLock = new(1, 1);
    static JsonNode? s_base;

    readonly MvServer _server = fixture.Server;

    [Fact]
    public async Task RegenerateClip_FinishedJob_NewJobReusesUntouchedClipsAndRendersANewOne()
    {
        var old = await BaseJobAsync();
        string oldId = Str(old, "instanceId");
        var oldOutput = CompletedOutput(old);

        var status = await _server.RunAsync($"/api/mv/jobs/{oldId}/scenes/2/regenerate_clip");
        var output = CompletedOutput(status);
        string newId = Str(status, "instanceId");
        Assert.NotEqual(oldId, newId);
        var view = await _server.GetJsonAsync($"/api/mv/jobs/{newId}");
        Assert.Equal(oldId, Str(view, "parent_job_id"));

        var oldScenes = Scenes(oldOutput);
        var newScenes = Scenes(output);
        Assert.Equal(SceneCount, newScenes.Count);
        foreach (int i in new[] { 0, 2 })
        {
            Assert.Equal("reused", Str(newScenes[i], "clip_state"));
            Assert.Equal(Str(oldScenes[i], "video_id"), Str(newScenes[i], "video_id"));
            Assert.Equal(Str(oldScenes[i], "prompt"), Str(newScenes[i], "prompt"));
            byte[] before = await _server.DownloadAsync(Str(oldScenes[i], "video_url"), "video/mp4");
            byte[] after = await _server.DownloadAsync(Str(newScenes[i], "video_url"), "video/mp4");
            Assert.Equal(MediaTools.Sha256(before), MediaTools.Sha256(after));
        }

        Assert.Equal("succeeded", Str(newScenes[1], "clip_state"));
        Assert.Equal(Str(oldScenes[1], "prompt"), Str(newScenes[1], "prompt"));
        Assert.NotEqual(Str(oldScenes[1], "video_id"), Str(newScenes[1], "video_id"));
        byte[] oldClip = await _server.DownloadAsync(Str(oldScenes[1], "video_url"));
        byte[] newClip = await _server.DownloadAsync(Str(newScenes[1], "video_url"));
        Assert.NotEqual(MediaTools.Sha256(oldClip), MediaTools.Sha256(newClip));

        Assert.NotEqual(Str(oldOutput, "video_id"), Str(output, "video_id"));
        byte[] oldVideo = await _server.DownloadAsync(Str(oldOutput, "video_url"));
        var (newVideo, _) = await AssertVideoAsync(_server, Str(output, "video_url"), SceneCount * ClipDuration, SizeFor(Aspect));
        Assert.NotEqual(MediaTools.Sha256(oldVideo), MediaTools.Sha256(newVideo));

        // Only the regenerated clip was rendered for the new job: once for the old job and once more now; the others once.
        var renders = _server.RenderCountsByPrompt();
        Assert.Equal(2, renders.GetValueOrDefault(Str(oldScenes[1], "prompt")));
        Assert.Equal(1, renders.GetValueOrDefault(Str(oldScenes[0], "prompt")));
        Assert.Equal(1, renders.GetValueOrDefault(Str(oldScenes[2], "prompt")));
    }

    [Fact]
    public async Task EditPrompt_FinishedJob_NewJobUsesTheNewPromptForThatSceneOnly()
    {
        var old = await BaseJobAsync();
        string oldId = Str(old, "instanceId");
        var oldScenes = Scenes(CompletedOutput(old));
        const string prompt = "A close-up of the conductor lighting a lantern on a snowy platform, warm light, slow push-in.";

        var view = await _server.PostJsonExpectAsync($"/api/mv/jobs/{oldId}/scenes/1/prompt?wait=120", new { prompt }, HttpStatusCode.OK);
        Assert.Equal("Completed", Str(view, "status"));
        Assert.Equal(oldId, Str(view, "parent_job_id"));
        var scenes = Scenes(view);
        Assert.Equal(prompt, Str(scenes[0], "prompt"));
        Assert.Equal("succeeded", Str(scenes[0], "clip_state"));
        Assert.NotEqual(Str(oldScenes[0], "video_id"), Str(scenes[0], "video_id"));
        for (int i = 1; i < SceneCount; i++)
        {
            Assert.Equal("reused", Str(scenes[i], "clip_state"));
            Assert.Equal(Str(oldScenes[i], "video_id"), Str(scenes[i], "video_id"));
        }

        await AssertVideoAsync(_server, Str(view, "video_url"), SceneCount * ClipDuration, SizeFor(Aspect));
    }

    [Fact]
    public async Task RegeneratePrompt_FinishedJob_NewJobRewritesThatScenePromptOnly()
    {
        var old = await BaseJobAsync();
        string oldId = Str(old, "instanceId");
        var oldScenes = Scenes(CompletedOutput(old));

        var view = await _server.PostJsonExpectAsync($"/api/mv/jobs/{oldId}/scenes/3/regenerate_prompt?wait=120", new { seed = 1234 }, HttpStatusCode.OK);
        Assert.Equal(oldId, Str(view, "parent_job_id"));
        var scenes = Scenes(view);
        Assert.NotEqual(Str(oldScenes[2], "prompt"), Str(scenes[2], "prompt"));
        Assert.Equal("succeeded", Str(scenes[2], "clip_state"));
        Assert.Equal(Str(oldScenes[0], "prompt"), Str(scenes[0], "prompt"));
        Assert.Equal("reused", Str(scenes[0], "clip_state"));
        Assert.Equal("reused", Str(scenes[1], "clip_state"));
    }

    [Fact]
    public async Task Restitch_WithNewSong_NewJobReusesEveryClipAndFitsTheSong()
    {
        var old = await BaseJobAsync();
        string oldId = Str(old, "instanceId");
        var oldOutput = CompletedOutput(old);
        var song = await _server.UploadAsync("/api/mv/songs", await MediaTools.MakeSongAsync(7, 330), "short.mp3", "audio/mpeg", HttpStatusCode.Created);

        var status = await _server.RunAsync($"/api/mv/jobs/{oldId}/restitch", new { song_id = Str(song, "song_id") });
        var output = CompletedOutput(status);
        Assert.True(output["song_applied"]!.GetValue<bool>());
        Assert.All(Scenes(output), s => Assert.Equal("reused", Str(s, "clip_state")));
        Assert.Equal(
            Scenes(oldOutput).Select(s => Str(s, "video_id")),
            Scenes(output).Select(s => Str(s, "video_id")));
        Assert.NotEqual(Str(oldOutput, "video_id"), Str(output, "video_id"));
        await AssertVideoAsync(_server, Str(output, "video_url"), 7, SizeFor(Aspect));

        // Without a body the restitch keeps the job's song (none) and reuses every clip again.
        var again = CompletedOutput(await _server.RunAsync($"/api/mv/jobs/{oldId}/restitch"));
        Assert.False(again["song_applied"]!.GetValue<bool>());
        await AssertVideoAsync(_server, Str(again, "video_url"), SceneCount * ClipDuration, SizeFor(Aspect));
    }

    [Fact]
    public async Task Edit_UnknownJobOrScene_Answers404NamingIt()
    {
        var old = await BaseJobAsync();
        string oldId = Str(old, "instanceId");
        string unknown = Guid.NewGuid().ToString("N");

        var missingJob = await _server.PostJsonExpectAsync($"/api/mv/jobs/{unknown}/scenes/1/regenerate_clip", new { }, HttpStatusCode.NotFound);
        Assert.Contains(unknown, Str(missingJob, "message"), StringComparison.Ordinal);
        var missingScene = await _server.PostJsonExpectAsync($"/api/mv/jobs/{oldId}/scenes/{SceneCount + 1}/regenerate_clip", new { }, HttpStatusCode.NotFound);
        Assert.Contains($"scene {SceneCount + 1}", Str(missingScene, "message"), StringComparison.Ordinal);
        await _server.PostJsonExpectAsync($"/api/mv/jobs/{oldId}/scenes/0/prompt", new { prompt = "x" }, HttpStatusCode.NotFound);
        await _server.PostJsonExpectAsync($"/api/mv/jobs/{unknown}/restitch", new { }, HttpStatusCode.NotFound);
        await _server.GetJsonAsync($"/api/mv/jobs/{unknown}", HttpStatusCode.NotFound);
    }

    /// <summary>The finished 3-scene job every edit starts from (made once per server).</summary>
    async Task<JsonNode> BaseJobAsync()
    {
        await BaseLock.WaitAsync();
        try
        {
            s_base ??= await _server.RunAsync("/api/mv/jobs", new
            {
                idea = "a night market where the lanterns sing",
                character_description = "a street vendor in a patched denim jacket",
                number_of_scenes = SceneCount,
                aspect_ratio = Aspect,
                clip_duration = ClipDuration,
                seed = 2,
            });
            CompletedOutput(s_base);
            return s_base;
        }
        finally
        {
            BaseLock.Release();
        }
    }
}
