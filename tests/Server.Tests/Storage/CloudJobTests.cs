using System.Net;
using System.Text.Json.Nodes;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Storage;

/// <summary>The whole product on S3 (s3rver) and Azure Blob (Azurite): a job with a song and a character reference, and an edit.</summary>
public sealed class CloudJobTests(CloudStorageEmulators emulators) : IClassFixture<CloudStorageEmulators>
{
    const string ApiKey = "cloud-job-key";
    const double SongSeconds = 7;

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task A_job_on_a_cloud_store_serves_its_video_by_direct_link_keeps_no_links_in_durable_state_and_edits_reuse_objects(string backend)
    {
        string bucket = await emulators.NewBucketAsync(backend);
        var settings = emulators.Settings(backend, bucket, serveFromCloud: true);
        settings["MV_API_KEYS"] = ApiKey;
        await using var server = await MvServer.StartAsync(settings);
        server.Http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        using var anonymous = new HttpClient();

        var song = await server.UploadAsync("/api/mv/songs", await MediaTools.MakeSongAsync(SongSeconds), "song.mp3", "audio/mpeg", HttpStatusCode.Created);
        var reference = await server.UploadAsync("/api/mv/upload_character_reference", await MediaTools.MakePngAsync(), "face.png", "image/png", HttpStatusCode.OK);
        var view = await server.PostJsonExpectAsync("/api/mv/jobs?wait=240", new
        {
            idea = "paper boats sailing down a rainy street",
            character_description = "a child in a yellow raincoat",
            character_reference_id = Str(reference, "image_id"),
            song_id = Str(song, "song_id"),
            number_of_scenes = 3,
            aspect_ratio = "1:1",
            clip_duration = 4,
            seed = 7,
        }, HttpStatusCode.OK);
        Assert.True(Str(view, "status") == "Completed", view.ToJsonString());

        // The final video, fetched by its direct link without our API key, is exactly as long as the song.
        var video = await FetchAsync(anonymous, Str(view, "video_url"));
        var probe = await MediaTools.ProbeAsync(video);
        Assert.Equal([SizeFor("1:1")], probe.VideoStreams);
        Assert.Equal(1, probe.AudioStreams);
        Assert.InRange(probe.DurationSeconds, SongSeconds - 0.5, SongSeconds + 0.5);
        var scenes = Scenes(view);
        Assert.Equal(3, scenes.Count);
        foreach (var scene in scenes)
        {
            Assert.Single((await MediaTools.ProbeAsync(await FetchAsync(anonymous, Str(scene, "video_url")))).VideoStreams);
        }

        // No storage link anywhere in durable state: inputs, outputs and custom status of the job and its clips carry ids and API routes.
        string instances = await (await server.Http.GetAsync("/runtime/webhooks/durabletask/instances?showInput=true&top=100")).Content.ReadAsStringAsync();
        string job = await (await server.Http.GetAsync($"/runtime/webhooks/durabletask/instances/{Str(view, "job_id")}?showInput=true")).Content.ReadAsStringAsync();
        string storageHost = backend == "s3" ? emulators.S3rver.Endpoint.Authority : emulators.Azurite.BlobEndpoint.Authority;
        foreach (string state in new[] { instances, job })
        {
            Assert.Contains(Str(scenes[0], "video_id"), state, StringComparison.Ordinal);
            Assert.DoesNotContain(storageHost, state, StringComparison.Ordinal);
            Assert.DoesNotContain("X-Amz-", state, StringComparison.Ordinal);
            Assert.DoesNotContain("sig=", state, StringComparison.Ordinal);
        }

        // Regenerating one clip makes a new cut that reuses the other clips' stored objects (same keys, same bytes).
        var before = await emulators.ListAsync(backend, bucket);
        var edited = await server.PostJsonExpectAsync($"/api/mv/jobs/{Str(view, "job_id")}/scenes/2/regenerate_clip?wait=240", new { }, HttpStatusCode.OK);
        Assert.True(Str(edited, "status") == "Completed", edited.ToJsonString());
        var editedScenes = Scenes(edited);
        var after = await emulators.ListAsync(backend, bucket);
        foreach (int i in new[] { 0, 2 })
        {
            string id = Str(scenes[i], "video_id");
            Assert.Equal(id, Str(editedScenes[i], "video_id"));
            string key = $"mv/jobs/{id}/video.mp4";
            Assert.Equal(before[key], after[key]);
            Assert.Equal(MediaTools.Sha256(await FetchAsync(anonymous, Str(scenes[i], "video_url"))), MediaTools.Sha256(await FetchAsync(anonymous, Str(editedScenes[i], "video_url"))));
        }

        Assert.NotEqual(Str(scenes[1], "video_id"), Str(editedScenes[1], "video_id"));
        Assert.Contains($"mv/jobs/{Str(editedScenes[1], "video_id")}/video.mp4", after.Keys);
        var cut = await MediaTools.ProbeAsync(await FetchAsync(anonymous, Str(edited, "video_url")));
        Assert.InRange(cut.DurationSeconds, SongSeconds - 0.5, SongSeconds + 0.5);
    }

    static async Task<byte[]> FetchAsync(HttpClient anonymous, string url)
    {
        Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host == "127.0.0.1", $"a direct storage link: {url}");
        using var response = await anonymous.GetAsync(uri);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} without an API key: {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }
}
