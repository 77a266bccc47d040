using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Storage;

/// <summary>
/// Real `musicvideo serve` processes on S3 (s3rver) and Azure Blob (Azurite): the seed's redirect matrix on every media
/// route, links fetched without our API key, ranges through the API, expired links, two servers on one bucket, start-up errors.
/// </summary>
public sealed class CloudStorageTests(CloudStorageEmulators emulators) : IClassFixture<CloudStorageEmulators>
{
    const string ApiKey = "cloud-test-key";

    async Task<MvServer> StartAsync(string backend, string bucket, bool serveFromCloud, int expirySeconds = 3600)
    {
        var settings = emulators.Settings(backend, bucket, serveFromCloud, expirySeconds);
        settings["MV_API_KEYS"] = ApiKey;
        var server = await MvServer.StartAsync(settings);
        server.Http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        return server;
    }

    /// <summary>A client without our API key that does not follow redirects: what a browser given a direct link has.</summary>
    static HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false });

    static async Task<(JsonNode Image, byte[] Png, JsonNode Song, byte[] Mp3, JsonNode Clip)> MakeMediaAsync(MvServer server)
    {
        byte[] png = await MediaTools.MakePngAsync();
        var image = await server.UploadAsync("/api/mv/upload_character_reference", png, "face.png", "image/png", HttpStatusCode.OK);
        byte[] mp3 = await MediaTools.MakeSongAsync(3);
        var song = await server.UploadAsync("/api/mv/songs", mp3, "song.mp3", "audio/mpeg", HttpStatusCode.Created);
        var clip = await server.PostJsonExpectAsync(
            "/api/mv/generate_video?wait=90", new { prompt = "A lighthouse at dusk, slow pan.", aspect_ratio = "1:1", duration = 4 }, HttpStatusCode.OK);
        return (image, png, song, mp3, clip);
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task Serving_from_the_cloud_every_media_route_answers_the_seed_json_or_a_302_to_a_fresh_link(string backend)
    {
        string bucket = await emulators.NewBucketAsync(backend);
        await using var server = await StartAsync(backend, bucket, serveFromCloud: true, expirySeconds: 900);
        var (image, png, song, mp3, clip) = await MakeMediaAsync(server);
        using var anonymous = Anonymous();

        var routes = new (string Route, string IdField, string UrlField, string Id, string CloudPath, byte[]? Expected)[]
        {
            ("get_character_reference", "image_id", "image_url", Str(image, "image_id"), $"character_references/{Str(image, "image_id")}.png", png),
            ("get_audio", "audio_id", "audio_url", Str(song, "song_id"), $"mv/audio/{Str(song, "song_id")}.mp3", mp3),
            ("get_video", "video_id", "video_url", Str(clip, "video_id"), $"mv/jobs/{Str(clip, "video_id")}/video.mp4", null),
        };
        foreach (var (route, idField, urlField, id, cloudPath, expected) in routes)
        {
            foreach (string query in new[] { "?redirect=false", "" })
            {
                var json = await server.GetJsonAsync($"/api/mv/{route}/{id}{query}");
                Assert.Equal(id, Str(json, idField));
                Assert.Equal(backend, Str(json, "storage_backend"));
                Assert.Equal(900, json["expires_in_seconds"]!.GetValue<int>());
                Assert.Equal(cloudPath, Str(json, "cloud_path"));
                await AssertDirectLinkAsync(anonymous, Str(json, urlField), expected);
            }

            using var redirected = await server.Http.GetAsync($"/api/mv/{route}/{id}?redirect=true");
            Assert.True(redirected.StatusCode == HttpStatusCode.OK, $"{route}: the API client follows the 302 to the bytes, got {(int)redirected.StatusCode}");
            using var noFollow = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(server.BaseUrl), $"/api/mv/{route}/{id}?redirect=true"));
            noFollow.Headers.Add("X-API-Key", ApiKey);
            using var found = await anonymous.SendAsync(noFollow);
            Assert.Equal(HttpStatusCode.Found, found.StatusCode);
            await AssertDirectLinkAsync(anonymous, found.Headers.Location!.AbsoluteUri, expected);

            using var missing = await server.Http.GetAsync($"/api/mv/{route}/{Guid.NewGuid()}?redirect=false");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // The URLs in create responses are direct links too, and each read signs a new one.
        await AssertDirectLinkAsync(anonymous, Str(image, "image_url"), png);
        await AssertDirectLinkAsync(anonymous, Str(song, "audio_url"), mp3);
        var first = await server.GetJsonAsync($"/api/mv/get_video/{Str(clip, "video_id")}?redirect=false");
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var second = await server.GetJsonAsync($"/api/mv/get_video/{Str(clip, "video_id")}?redirect=false");
        Assert.NotEqual(Str(first, "video_url"), Str(second, "video_url"));

        var info = await server.GetJsonAsync($"/api/mv/get_video/{Str(clip, "video_id")}/info");
        Assert.True(info["exists"]!.GetValue<bool>());
        Assert.Equal("cloud", Str(info, "serving_mode"));
        Assert.Equal(backend, Str(info["cloud_storage"], "backend"));
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task Not_serving_from_the_cloud_the_api_streams_cloud_media_with_ranges(string backend)
    {
        string bucket = await emulators.NewBucketAsync(backend);
        await using var server = await StartAsync(backend, bucket, serveFromCloud: false);
        var (image, png, song, mp3, clip) = await MakeMediaAsync(server);
        string videoId = Str(clip, "video_id");

        Assert.Equal($"/api/mv/get_character_reference/{Str(image, "image_id")}", Str(image, "image_url"));
        Assert.Equal($"/api/mv/get_video/{videoId}", Str(clip, "video_url"));
        foreach (string redirect in new[] { "true", "false" })
        {
            Assert.Equal(png, await server.DownloadAsync($"/api/mv/get_character_reference/{Str(image, "image_id")}?redirect={redirect}", "image/png"));
            Assert.Equal(mp3, await server.DownloadAsync($"/api/mv/get_audio/{Str(song, "song_id")}?redirect={redirect}", "audio/mpeg"));
        }

        byte[] video = await server.DownloadAsync($"/api/mv/get_video/{videoId}", "video/mp4");
        var probe = await MediaTools.ProbeAsync(video);
        Assert.Equal([SizeFor("1:1")], probe.VideoStreams);
        Assert.InRange(probe.DurationSeconds, 3.9, 4.2);

        using var range = new HttpRequestMessage(HttpMethod.Get, $"/api/mv/get_video/{videoId}");
        range.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var partial = await server.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(video[1000..2000], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(video.Length, partial.Content.Headers.ContentRange!.Length);

        var info = await server.GetJsonAsync($"/api/mv/get_video/{videoId}/info");
        Assert.Equal("local", Str(info, "serving_mode"));
        Assert.Equal(backend, Str(info, "storage_backend"));
        Assert.Equal(video.Length, info["file_size_bytes"]!.GetValue<long>());
    }

    /// <remarks>Azurite checks SAS signatures and expiry; s3rver checks a presigned URL's expiry but not its signature.</remarks>
    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task An_expired_link_is_refused_by_the_storage_and_the_next_read_signs_a_new_one(string backend)
    {
        string bucket = await emulators.NewBucketAsync(backend);
        await using var server = await StartAsync(backend, bucket, serveFromCloud: true, expirySeconds: 1);
        byte[] png = await MediaTools.MakePngAsync();
        var image = await server.UploadAsync("/api/mv/upload_character_reference", png, "face.png", "image/png", HttpStatusCode.OK);
        var json = await server.GetJsonAsync($"/api/mv/get_character_reference/{Str(image, "image_id")}?redirect=false");
        Assert.Equal(1, json["expires_in_seconds"]!.GetValue<int>());

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var anonymous = Anonymous();
        using var expired = await anonymous.GetAsync(Str(json, "image_url"));

        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        // The next read signs a new link (fetching it is not asserted here: with a 1-second lifetime a loaded machine could let it lapse too).
        var fresh = await server.GetJsonAsync($"/api/mv/get_character_reference/{Str(image, "image_id")}?redirect=false");
        Assert.NotEqual(Str(json, "image_url"), Str(fresh, "image_url"));
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task Two_servers_with_separate_data_folders_on_one_bucket_serve_each_others_media(string backend)
    {
        string bucket = await emulators.NewBucketAsync(backend);
        await using var writer = await StartAsync(backend, bucket, serveFromCloud: true);
        await using var reader = await StartAsync(backend, bucket, serveFromCloud: false);
        Assert.NotEqual(writer.DataDirectory, reader.DataDirectory);

        var (image, png, song, mp3, clip) = await MakeMediaAsync(writer);

        Assert.Equal(png, await reader.DownloadAsync($"/api/mv/get_character_reference/{Str(image, "image_id")}", "image/png"));
        Assert.Equal(mp3, await reader.DownloadAsync($"/api/mv/get_audio/{Str(song, "song_id")}", "audio/mpeg"));
        byte[] video = await reader.DownloadAsync($"/api/mv/get_video/{Str(clip, "video_id")}", "video/mp4");
        using var anonymous = Anonymous();
        var link = await writer.GetJsonAsync($"/api/mv/get_video/{Str(clip, "video_id")}?redirect=false");
        await AssertDirectLinkAsync(anonymous, Str(link, "video_url"), video);
        var info = await reader.GetJsonAsync($"/api/mv/get_video/{Str(clip, "video_id")}/info");
        Assert.Equal(4, info["duration_seconds"]!.GetValue<double>(), 0.2);
        Assert.False(Directory.Exists(Path.Combine(reader.DataDirectory, "media", "videos")) && Directory.EnumerateFiles(Path.Combine(reader.DataDirectory, "media", "videos")).Any());
    }

    [Theory]
    [InlineData("s3", "STORAGE_BUCKET is not set")]
    [InlineData("azure", "AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL is not set")]
    [InlineData("gcs", "STORAGE_BACKEND is 'gcs'; set it to local, s3 or azure.")]
    public async Task A_missing_or_bad_storage_setting_stops_start_up_with_a_message_naming_it(string backend, string expected)
    {
        var settings = new Dictionary<string, string> { ["STORAGE_BACKEND"] = backend };
        if (backend == "azure")
        {
            settings["STORAGE_BUCKET"] = "media";
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MvServer.StartAsync(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    static async Task AssertDirectLinkAsync(HttpClient anonymous, string url, byte[]? expected)
    {
        Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host == "127.0.0.1", $"a direct storage link: {url}");
        using var response = await anonymous.GetAsync(uri);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} without an API key: {(int)response.StatusCode}");
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        if (expected is not null)
        {
            Assert.Equal(expected, bytes);
            return;
        }

        var probe = await MediaTools.ProbeAsync(bytes);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(probe.VideoStreams);
        Assert.Equal(1, probe.AudioStreams);
        Assert.InRange(probe.DurationSeconds, 3.9, 4.2);
    }
}
