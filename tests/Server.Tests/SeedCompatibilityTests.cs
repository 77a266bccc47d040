using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>The seed-compatible /api/mv routes: same paths, field names and response shapes.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class SeedCompatibilityTests(DefaultServerFixture fixture)
{
    readonly MvServer _server = fixture.Server;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task GenerateCharacterReference_NumImagesInRange_ReturnsThatManyPng1024Images(int count)
    {
        var body = await _server.PostJsonExpectAsync("/api/mv/generate_character_reference?wait=60", new
        {
            character_description = "a violinist with a long green scarf",
            num_images = count,
            seed = count,
        }, HttpStatusCode.OK);

        var images = body["images"]!.AsArray();
        Assert.Equal(count, images.Count);
        Assert.Equal(count, images.Select(i => Str(i, "id")).Distinct().Count());
        Assert.NotNull(body["warnings"]);
        Assert.Equal(count, body["metadata"]!["num_images_generated"]!.GetValue<int>());
        foreach (var image in images)
        {
            Assert.Null(image!["path"]);
            Assert.Null(image["cloud_url"]);
            Assert.True(Guid.TryParse(Str(image, "id"), out _));
            byte[] png = await _server.DownloadAsync($"/api/mv/get_character_reference/{Str(image, "id")}", "image/png");
            AssertPng1024(png);
            Assert.Equal(png, await _server.DownloadAsync(Str(image, "image_url"), "image/png"));
        }
    }

    [Fact]
    public async Task GenerateCharacterReference_WaitZero_PollsToTheSameResult()
    {
        var status = await _server.RunAsync("/api/mv/generate_character_reference?wait=0", new { character_description = "a drummer in a tuxedo", num_images = 2 });
        Assert.Equal("Completed", Str(status, "runtimeStatus"));
        Assert.NotNull(status["output"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task GenerateCharacterReference_NumImagesOutOfRange_Answers400NamingTheField(int count)
    {
        var error = await _server.PostJsonExpectAsync("/api/mv/generate_character_reference?wait=60", new
        {
            character_description = "a violinist",
            num_images = count,
        }, HttpStatusCode.BadRequest);
        Assert.Contains("num_images", Str(error, "message"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task GetCharacterReference_RedirectTrueOrFalse_ServesTheImage(string redirect)
    {
        var uploaded = await UploadReferenceAsync();
        string id = Str(uploaded, "image_id");
        byte[] png = await _server.DownloadAsync($"/api/mv/get_character_reference/{id}?redirect={redirect}", "image/png");
        Assert.Equal(uploaded["file_size"]!.GetValue<long>(), png.Length);
        Assert.Equal(png, await _server.DownloadAsync($"/api/mv/get_character_reference/{id}"));
    }

    [Fact]
    public async Task UploadCharacterReference_Png_ReturnsIdUrlAndMetadata()
    {
        var uploaded = await UploadReferenceAsync();
        Assert.True(Guid.TryParse(Str(uploaded, "image_id"), out _));
        Assert.Equal("image/png", Str(uploaded, "content_type"));
        Assert.Equal("face.png", Str(uploaded, "filename"));
        Assert.Contains(Str(uploaded, "image_id"), Str(uploaded, "image_url"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateVideo_KnownCharacterReference_ProducesVideoWithoutWarning()
    {
        var uploaded = await UploadReferenceAsync();
        string referenceId = Str(uploaded, "image_id");
        var body = await _server.PostJsonExpectAsync("/api/mv/generate_video?wait=60", new
        {
            prompt = "The violinist plays on a rooftop at dusk.",
            aspect_ratio = "9:16",
            duration = 4,
            character_reference_id = referenceId,
            backend = "local",
        }, HttpStatusCode.OK);

        Assert.Null(body["character_reference_warning"]);
        Assert.Null(body["video_path"]);
        Assert.Equal(referenceId, Str(body["metadata"], "character_reference_id"));
        await AssertVideoAsync(_server, Str(body, "video_url"), 4, SizeFor("9:16"));
    }

    [Fact]
    public async Task GenerateVideo_UnknownCharacterReference_WarnsAndStillProducesVideo()
    {
        string unknown = Guid.NewGuid().ToString();
        using var response = await _server.PostJsonAsync("/api/mv/generate_video?wait=0", new
        {
            prompt = "A lone cyclist crosses a bridge in fog.",
            aspect_ratio = "16:9",
            duration = 4,
            character_reference_id = unknown,
        });
        var accepted = await _server.ExpectAsync(response, HttpStatusCode.Accepted, "POST /api/mv/generate_video?wait=0");
        Assert.Contains(unknown, Str(accepted, "character_reference_warning"), StringComparison.Ordinal);

        var status = await _server.WaitForStatusAsync(accepted);
        var clip = CompletedOutput(status);
        string videoUrl = Str(clip, "video_url");
        await AssertVideoAsync(_server, videoUrl, 4, SizeFor("16:9"));

        var done = await _server.PostJsonExpectAsync("/api/mv/generate_video?wait=60", new
        {
            prompt = "A lone cyclist crosses a bridge in fog.",
            duration = 4,
            character_reference_id = unknown,
        }, HttpStatusCode.OK);
        Assert.Contains(unknown, Str(done, "character_reference_warning"), StringComparison.Ordinal);
        Assert.Null(done["metadata"]!["character_reference_id"]);
        await AssertVideoAsync(_server, Str(done, "video_url"), 4, SizeFor("16:9"));
    }

    [Fact]
    public async Task GetVideo_ExistingVideo_ServesMp4BytesRangesAndInfo()
    {
        var clip = await GenerateClipAsync();
        string videoId = Str(clip, "video_id");
        byte[] bytes = await _server.DownloadAsync($"/api/mv/get_video/{videoId}", "video/mp4");
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(bytes, 4, 4));
        Assert.Equal(bytes, await _server.DownloadAsync($"/api/mv/get_video/{videoId}?redirect=true", "video/mp4"));
        Assert.Equal(bytes, await _server.DownloadAsync($"/api/mv/get_video/{videoId}?redirect=false", "video/mp4"));

        using var range = new HttpRequestMessage(HttpMethod.Get, $"/api/mv/get_video/{videoId}");
        range.Headers.Range = new RangeHeaderValue(0, 99);
        using var partial = await _server.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[..100], await partial.Content.ReadAsByteArrayAsync());

        var info = await _server.GetJsonAsync($"/api/mv/get_video/{videoId}/info");
        Assert.True(info["exists"]!.GetValue<bool>());
        Assert.Equal(bytes.Length, info["file_size_bytes"]!.GetValue<long>());
        Assert.Equal(720, info["width"]!.GetValue<int>());

        var missing = await _server.GetJsonAsync($"/api/mv/get_video/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        Assert.Equal("not_found", Str(missing, "error"));
    }

    [Fact]
    public async Task StitchVideos_ExistingClips_StitchesThemInOrder()
    {
        var first = await GenerateClipAsync();
        var second = await GenerateClipAsync("A second shot: the same square, now at night.");
        var body = await _server.PostJsonExpectAsync("/api/mv/stitch-videos?wait=60", new
        {
            video_ids = new[] { Str(first, "video_id"), Str(second, "video_id") },
        }, HttpStatusCode.OK);
        await AssertVideoAsync(_server, Str(body, "video_url"), 8, SizeFor("1:1"));
    }

    [Fact]
    public async Task StitchVideos_MissingVideoId_Answers404NamingThatId()
    {
        var clip = await GenerateClipAsync();
        string missing = Guid.NewGuid().ToString();
        var error = await _server.PostJsonExpectAsync("/api/mv/stitch-videos?wait=30", new
        {
            video_ids = new[] { Str(clip, "video_id"), missing },
        }, HttpStatusCode.NotFound);
        Assert.Equal("not_found", Str(error, "error"));
        Assert.Contains(missing, Str(error, "message"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetDirectorConfigs_Requested_ListsNineStyles()
    {
        var body = await _server.GetJsonAsync("/api/mv/get_director_configs");
        var names = body["configs"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(9, names.Count);
        Assert.Equal(9, names.Distinct().Count());
        Assert.All(names, n => Assert.False(string.IsNullOrWhiteSpace(n)));
    }

    [Fact]
    public async Task CreateScenes_ValidRequest_ReturnsTheRequestedScenesWithSeedFields()
    {
        var body = await _server.PostJsonExpectAsync("/api/mv/create_scenes?wait=60", new
        {
            idea = "a robot learning to waltz",
            character_description = "a chrome robot with one blue eye",
            number_of_scenes = 3,
            director_style = (await _server.GetJsonAsync("/api/mv/get_director_configs"))["configs"]![0]!.GetValue<string>(),
            camera_angle = "low angle",
            video_type = "ignored by this service",
        }, HttpStatusCode.OK);
        var scenes = Scenes(body);
        Assert.Equal(3, scenes.Count);
        Assert.All(scenes, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(Str(s, "description")));
            Assert.NotNull(s!["negative_description"]);
        });
        Assert.Equal(3, body["metadata"]!["number_of_scenes"]!.GetValue<int>());
    }

    async Task<JsonNode> UploadReferenceAsync() =>
        await _server.UploadAsync("/api/mv/upload_character_reference", await MediaTools.MakePngAsync(), "face.png", "image/png", HttpStatusCode.OK);

    async Task<JsonNode> GenerateClipAsync(string prompt = "A fountain in a quiet square at noon.") =>
        await _server.PostJsonExpectAsync("/api/mv/generate_video?wait=60", new { prompt, aspect_ratio = "1:1", duration = 4 }, HttpStatusCode.OK);

    static void AssertPng1024(byte[] png)
    {
        Assert.True(png.Length > 24 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "not a PNG");
        // IHDR: width and height are big-endian at bytes 16–23.
        int width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        int height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
        Assert.Equal((1024, 1024), (width, height));
    }
}
