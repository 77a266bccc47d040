using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MusicVideo.Server.Tests.Infrastructure;

namespace MusicVideo.Server.Tests;

/// <summary>
/// Malformed requests: each gets a 4xx (never a 5xx) with the JSON error shape and a message that says what to fix,
/// without server paths or stack traces, and the server keeps serving.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class BadInputTests(DefaultServerFixture fixture)
{
    const string Job = "/api/mv/jobs";
    const string UnknownId = "3f2b8c1e-5d4a-4f6b-9c2d-1a2b3c4d5e6f";

    readonly MvServer _server = fixture.Server;

    /// <summary>One malformed request: how to build it, the exact status when it matters, and a text the message must contain.</summary>
    sealed record BadCase(string Name, Func<HttpRequestMessage> Build, int? Status = null, string? Mentions = null);

    static readonly IReadOnlyList<BadCase> Cases =
    [
        // POST /api/mv/jobs: field types and values.
        Post(Job, "job: idea is a number", """{"idea":5,"character_description":"b"}""", 400, "idea"),
        Post(Job, "job: idea is an object", """{"idea":{"a":1},"character_description":"b"}""", 400, "idea"),
        Post(Job, "job: idea is empty", """{"idea":"","character_description":"b"}""", 400, "idea"),
        Post(Job, "job: idea is blank", """{"idea":"   ","character_description":"b"}""", 400, "idea"),
        Post(Job, "job: character_description missing", """{"idea":"a"}""", 400, "character_description"),
        Post(Job, "job: idea of 10,000 characters", Body(idea: new string('x', 10_000)), 400, "idea"),
        Post(Job, "job: number_of_scenes 0", Body(extra: "\"number_of_scenes\":0"), 400, "number_of_scenes"),
        Post(Job, "job: number_of_scenes 13", Body(extra: "\"number_of_scenes\":13"), 400, "number_of_scenes"),
        Post(Job, "job: number_of_scenes is a string", Body(extra: "\"number_of_scenes\":\"3\""), 400, "number_of_scenes"),
        Post(Job, "job: number_of_scenes is a fraction", Body(extra: "\"number_of_scenes\":2.5"), 400, "number_of_scenes"),
        Post(Job, "job: aspect_ratio 4:3", Body(extra: "\"aspect_ratio\":\"4:3\""), 400, "aspect_ratio"),
        Post(Job, "job: clip_duration 5", Body(extra: "\"clip_duration\":5"), 400, "clip_duration"),
        Post(Job, "job: unknown director_style", Body(extra: "\"director_style\":\"michael-bay-on-mars\""), 400, "director_style"),
        Post(Job, "job: unknown mode", Body(extra: "\"mode\":\"opera\""), 400, "mode"),
        Post(Job, "job: loop_song is a string", Body(extra: "\"loop_song\":\"yes\""), 400, "loop_song"),
        Post(Job, "job: seed beyond 32 bits", Body(extra: "\"seed\":99999999999"), 400, "seed"),
        Post(Job, "job: unknown field", Body(extra: "\"colour\":\"red\""), 400, "colour"),
        Post(Job, "job: song_id ../x", Body(extra: "\"song_id\":\"../x\""), 400, "song_id"),
        Post(Job, "job: song_id ..%2Fx", Body(extra: "\"song_id\":\"..%2Fx\""), 400, "song_id"),
        Post(Job, "job: unknown song_id", Body(extra: $"\"song_id\":\"{UnknownId}\""), 404, "song_id"),
        Post(Job, "job: character_reference_id not-a-uuid", Body(extra: "\"character_reference_id\":\"not-a-uuid\""), 400, "character_reference_id"),
        Post(Job + "?wait=abc", "job: wait=abc", Body(), 400, "wait"),
        Post(Job + "?wait=-1", "job: wait=-1", Body(), 400, "wait"),
        Post(Job + "?wait=901", "job: wait=901", Body(), 400, "wait"),

        // POST /api/mv/jobs: bodies and content types.
        Post(Job, "job: invalid JSON", """{"idea":"a","character_description":"b",""", 400, "JSON"),
        Post(Job, "job: JSON cut off after a property name", """{"idea":""", 400, "JSON"),
        Post(Job, "job: single quotes", "{'idea':'a'}", 400, "JSON"),
        Post(Job, "job: JSON null", "null", 400),
        Post(Job, "job: JSON array", "[]", 400),
        Post(Job, "job: empty JSON body", "", 400),
        new("job: missing body and content type", () => new HttpRequestMessage(HttpMethod.Post, Job), 415, "application/json"),
        new("job: text/plain body", () => new HttpRequestMessage(HttpMethod.Post, Job) { Content = new StringContent(Body(), Encoding.UTF8, "text/plain") }, 415, "application/json"),
        new("job: form body", () => new HttpRequestMessage(HttpMethod.Post, Job)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["idea"] = "a", ["character_description"] = "b" }),
        }, 415, "application/json"),
        Post(Job, "job: JSON body over 256 KB", Body(idea: new string('y', 300 * 1024)), 413),
        new("job: chunked JSON body over 256 KB", () => new HttpRequestMessage(HttpMethod.Post, Job) { Content = new ChunkedJson(Body(idea: new string('z', 300 * 1024))) }, 413),
        new("job: GET on the create route", () => new HttpRequestMessage(HttpMethod.Get, Job), 405),
        new("job: DELETE an unknown job", () => new HttpRequestMessage(HttpMethod.Delete, $"{Job}/{UnknownId}"), 404, UnknownId),
        new("job: invalid UTF-8 inside a string", () => new HttpRequestMessage(HttpMethod.Post, Job)
        {
            Content = new ByteArrayContent([.. Encoding.UTF8.GetBytes("{\"idea\":\"a"), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\",\"character_description\":\"b\"}")])
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        }, 400, "UTF-8"),

        // Job ids and edit routes.
        Get($"{Job}/not-a-uuid", "job view: not-a-uuid", 404),
        Get($"{Job}/..%2Fx", "job view: ..%2Fx", 404),
        Post($"{Job}/{UnknownId}/scenes/1/regenerate_clip", "edit: unknown job", "{}", 404, UnknownId),
        Post($"{Job}/{UnknownId}/scenes/abc/prompt", "edit: scene is not a number", """{"prompt":"x"}""", 400, "scene"),
        Post($"{Job}/{UnknownId}/scenes/99999999999/regenerate_clip", "edit: scene beyond 32 bits", "{}", 400, "scene"),
        Post($"{Job}/{UnknownId}/scenes/1/prompt", "edit: invalid JSON", "{\"prompt\":", 400),
        Post($"{Job}/{UnknownId}/restitch", "restitch: unknown field", """{"song":"x"}""", 400, "song"),
        Post($"{Job}/{UnknownId}/restitch?wait=abc", "restitch: wait=abc", "{}", 400, "wait"),

        // Media ids and query values.
        Get("/api/mv/get_video/not-a-uuid", "get_video: not-a-uuid", 400, "video_id"),
        Get("/api/mv/get_video/..%2Fx", "get_video: ..%2Fx", 400, "video_id"),
        Get("/api/mv/get_video/..%2F..%2Fdurable.db", "get_video: encoded traversal", 400, "video_id"),
        Get("/api/mv/get_video/../x", "get_video: ../x", 404),
        Get($"/api/mv/get_video/{UnknownId}?redirect=maybe", "get_video: redirect=maybe", 400, "redirect"),
        Get($"/api/mv/get_video/{UnknownId}", "get_video: unknown id", 404, UnknownId),
        Get("/api/mv/get_video/not-a-uuid/info", "get_video info: not-a-uuid", 400, "video_id"),
        Get("/api/mv/get_character_reference/not-a-uuid", "get_character_reference: not-a-uuid", 400, "image_id"),
        Get("/api/mv/get_character_reference/%2e%2e%2fetc%2fpasswd", "get_character_reference: encoded traversal", 400, "image_id"),
        Get($"/api/mv/get_character_reference/{UnknownId}?redirect=maybe", "get_character_reference: redirect=maybe", 400, "redirect"),
        Get("/api/mv/get_audio/not-a-uuid", "get_audio: not-a-uuid", 400, "audio_id"),
        Get("/api/mv/no_such_route", "unknown route", 404),

        // Seed-compatible operations.
        Post("/api/mv/generate_character_reference", "character reference: num_images 0", """{"character_description":"a","num_images":0}""", 400, "num_images"),
        Post("/api/mv/generate_character_reference", "character reference: num_images 5", """{"character_description":"a","num_images":5}""", 400, "num_images"),
        Post("/api/mv/generate_character_reference", "character reference: num_images is a string", """{"character_description":"a","num_images":"four"}""", 400, "num_images"),
        Post("/api/mv/generate_character_reference", "character reference: aspect_ratio 4:3", """{"character_description":"a","aspect_ratio":"4:3"}""", 400, "aspect_ratio"),
        Post("/api/mv/generate_character_reference", "character reference: output_format jpeg", """{"character_description":"a","output_format":"jpeg"}""", 400, "output_format"),
        Post("/api/mv/generate_character_reference", "character reference: description missing", """{"num_images":1}""", 400, "character_description"),
        Post("/api/mv/generate_video", "generate_video: prompt missing", """{"duration":4}""", 400, "prompt"),
        Post("/api/mv/generate_video", "generate_video: duration 5", """{"prompt":"a","duration":5}""", 400, "duration"),
        Post("/api/mv/generate_video", "generate_video: aspect_ratio 4:3", """{"prompt":"a","aspect_ratio":"4:3"}""", 400, "aspect_ratio"),
        Post("/api/mv/generate_video", "generate_video: unknown backend", """{"prompt":"a","backend":"veo-9"}""", 400, "backend"),
        Post("/api/mv/generate_video", "generate_video: character_reference_id ../x", """{"prompt":"a","character_reference_id":"../x"}""", 400, "character_reference_id"),
        Post("/api/mv/generate_video", "generate_video: reference_image_base64 not base64", """{"prompt":"a","reference_image_base64":"%%%not base64%%%"}""", 400, "reference_image_base64"),
        Post("/api/mv/generate_video", "generate_video: reference_image_base64 not an image", $$"""{"prompt":"a","reference_image_base64":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes("hello, not an image"))}}"}""", 400, "reference_image_base64"),
        Post("/api/mv/generate_video?wait=abc", "generate_video: wait=abc", """{"prompt":"a"}""", 400, "wait"),
        Post("/api/mv/stitch-videos", "stitch: video_ids empty", """{"video_ids":[]}""", 400, "video_ids"),
        Post("/api/mv/stitch-videos", "stitch: video_ids is a string", """{"video_ids":"abc"}""", 400, "video_ids"),
        Post("/api/mv/stitch-videos", "stitch: video_ids holds a number", """{"video_ids":[1]}""", 400, "string"),
        Post("/api/mv/stitch-videos", "stitch: video_ids[0] not-a-uuid", """{"video_ids":["not-a-uuid"]}""", 400, "video_ids[0]"),
        Post("/api/mv/stitch-videos", "stitch: unknown video id", $$"""{"video_ids":["{{UnknownId}}"]}""", 404, UnknownId),
        Post("/api/mv/create_scenes", "create_scenes: idea empty", """{"idea":"","character_description":"b"}""", 400, "idea"),
        Post("/api/mv/create_scenes", "create_scenes: project_id", """{"idea":"a","character_description":"b","project_id":"p1"}""", 400, "project_id"),
        Post("/api/mv/create_scenes", "create_scenes: number_of_scenes 13", """{"idea":"a","character_description":"b","number_of_scenes":13}""", 400, "number_of_scenes"),

        // Uploads.
        new("song: JSON instead of multipart", () => new HttpRequestMessage(HttpMethod.Post, "/api/mv/songs") { Content = MvServer.Json(new { file = "x" }) }, 415, "multipart/form-data"),
        new("song: malformed multipart", () => Raw("/api/mv/songs", "multipart/form-data; boundary=xyz", "this is not multipart"), 400, "multipart"),
        new("song: multipart without a boundary", () => Raw("/api/mv/songs", "multipart/form-data", "--x\r\n"), 400, "multipart"),
        new("song: no field named file", () => Upload("/api/mv/songs", "song", Encoding.UTF8.GetBytes("abc"), "a.mp3", "audio/mpeg"), 400, "'file'"),
        new("song: text file", () => Upload("/api/mv/songs", "file", Encoding.UTF8.GetBytes("just some text, not audio"), "notes.txt", "text/plain"), 400, "mp3"),
        new("song: random bytes named .mp3", () => Upload("/api/mv/songs", "file", RandomBytes(4096), "fake.mp3", "audio/mpeg"), 400, "mp3"),
        new("song: 121 MB upload", () => LargeUpload("/api/mv/songs", new byte[121 * 1024 * 1024], "huge.mp3", "audio/mpeg"), 413, "120 MB"),
        new("character reference upload: malformed multipart", () => Raw("/api/mv/upload_character_reference", "multipart/form-data; boundary=abc", "--abc\r\nnot a part header"), 400, "multipart"),
        new("character reference upload: text file", () => Upload("/api/mv/upload_character_reference", "file", Encoding.UTF8.GetBytes("not an image"), "face.txt", "text/plain"), 400, "image"),
        new("character reference upload: random bytes as PNG", () => Upload("/api/mv/upload_character_reference", "file", RandomBytes(4096), "face.png", "image/png"), 400, "PNG"),
        new("character reference upload: 11 MB", () => Upload("/api/mv/upload_character_reference", "file", new byte[11 * 1024 * 1024], "big.png", "image/png"), 413, "10 MB"),

        new("song: 1,100 tiny form fields", () => Raw("/api/mv/songs", "multipart/form-data; boundary=b",
            string.Concat(Enumerable.Range(0, 1100).Select(i => $"--b\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nx\r\n")) + "--b--\r\n"), 400, "fields"),
        new("song: a 100 KB part header", () => Raw("/api/mv/songs", "multipart/form-data; boundary=b",
            $"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\nX-Padding: {new string('p', 100 * 1024)}\r\n\r\nabc\r\n--b--\r\n"), 400, "headers"),
        new("song: a WAV that does not decode", () => Upload("/api/mv/songs", "file",
            [.. Encoding.ASCII.GetBytes("RIFF"), 0xE8, 0x03, 0, 0, .. Encoding.ASCII.GetBytes("WAVEfmt "), .. RandomBytes(200)], "broken.wav", "audio/wav"), 400, "decoded"),

        // Durable Functions management API.
        Post("/runtime/webhooks/durabletask/orchestrators/MusicVideoJob", "management: start with a 300 KB input", Body(idea: new string('m', 300 * 1024)), 413, "256 KB"),
        new("management: start with a chunked 300 KB input", () => new HttpRequestMessage(HttpMethod.Post, "/runtime/webhooks/durabletask/orchestrators/MusicVideoJob")
        {
            Content = new ChunkedJson(Body(idea: new string('n', 300 * 1024))),
        }, 413, "256 KB"),
        Post("/runtime/webhooks/durabletask/orchestrators/MusicVideoJob", "management: MusicVideoJob with 13 pre-written scenes",
            $$"""{"idea":"a","character_description":"b","scenes":[{{string.Join(",", Enumerable.Repeat("""{"description":"x","negative_description":""}""", 13))}}]}""", 400, "between 1 and 12 scenes"),
        Post("/runtime/webhooks/durabletask/orchestrators/MusicVideoJob", "management: MusicVideoJob with 500 scenes", """{"idea":"a","character_description":"b","number_of_scenes":500}""", 400, "number_of_scenes must be between 1 and 12"),
        Post("/runtime/webhooks/durabletask/orchestrators/MusicVideoJob", "management: MusicVideoJob with a number as the idea", """{"idea":5,"character_description":"b"}""", 400, "$.idea"),
        Post("/runtime/webhooks/durabletask/orchestrators/MusicVideoJob", "management: MusicVideoJob without an input", "", 400, "idea and character_description"),
        Post("/runtime/webhooks/durabletask/instances/not-an-instance/raiseEvent/go", "management: raise an event on an unknown instance", "{}", 404),
        Post("/runtime/webhooks/durabletask/instances/not-an-instance/restart", "management: restart an unknown instance", "", 404, "not-an-instance"),
        new("management: list with a forged continuation token", () => new HttpRequestMessage(HttpMethod.Get, "/runtime/webhooks/durabletask/instances")
        {
            Headers = { { "x-ms-continuation-token", "not-a-token" } },
        }, 400, "continuation"),
        Get("/runtime/webhooks/durabletask/instances/..%2Fx", "management: status of ..%2Fx", 404),
        Post("/runtime/webhooks/durabletask/instances/not-an-instance/terminate?reason=x", "management: terminate unknown instance", "", 404),
    ];

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Request_Malformed_Answers4xxWithJsonErrorSayingWhatToFix(string name)
    {
        var bad = Cases.Single(c => c.Name == name);
        using var request = bad.Build();
        using var response = await _server.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        int status = (int)response.StatusCode;

        Assert.True(status is >= 400 and <= 499, $"{name}: expected a 4xx, got {status}: {text}");
        if (bad.Status is { } expected)
        {
            Assert.True(status == expected, $"{name}: expected {expected}, got {status}: {text}");
        }

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text) as JsonObject;
        Assert.NotNull(body);
        Assert.False(string.IsNullOrWhiteSpace(body["error"]?.GetValue<string>()), $"{name}: no error code in {text}");
        string message = body["message"]?.GetValue<string>() ?? string.Empty;
        Assert.False(string.IsNullOrWhiteSpace(message), $"{name}: no message in {text}");
        if (bad.Mentions is { } mention)
        {
            Assert.True(message.Contains(mention, StringComparison.OrdinalIgnoreCase), $"{name}: the message should name '{mention}': {message}");
        }

        AssertNoLeaks(name, text);
        Assert.Equal("ok", (await _server.GetJsonAsync("/healthz"))["status"]?.GetValue<string>());
    }

    [Fact]
    public async Task Server_AfterEveryMalformedRequest_StillServesValidRequests()
    {
        foreach (var bad in Cases)
        {
            using var request = bad.Build();
            using var response = await _server.Http.SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{bad.Name}: {(int)response.StatusCode}");
        }

        Assert.Equal("ok", (await _server.GetJsonAsync("/healthz"))["status"]?.GetValue<string>());
        var plan = await _server.PostJsonExpectAsync("/api/mv/create_scenes?wait=60", new { idea = "a kite festival", character_description = "a boy with a red kite", number_of_scenes = 2 }, HttpStatusCode.OK);
        Assert.Equal(2, plan["scenes"]!.AsArray().Count);
        var clip = await _server.PostJsonExpectAsync("/api/mv/generate_video?wait=60", new { prompt = "A red kite over a beach.", aspect_ratio = "1:1", duration = 4 }, HttpStatusCode.OK);
        await VideoChecks.AssertVideoAsync(_server, clip["video_url"]!.GetValue<string>(), 4, (720, 720));
    }

    void AssertNoLeaks(string name, string text)
    {
        Assert.False(text.Contains(_server.DataDirectory, StringComparison.Ordinal), $"{name}: the response names the data folder: {text}");
        Assert.False(text.Contains("/tmp/", StringComparison.Ordinal), $"{name}: the response names a server path: {text}");
        Assert.False(text.Contains("/work/", StringComparison.Ordinal), $"{name}: the response names a server path: {text}");
        Assert.False(text.Contains("   at ", StringComparison.Ordinal), $"{name}: the response has a stack trace: {text}");
        Assert.False(text.Contains("Exception", StringComparison.Ordinal), $"{name}: the response names an exception: {text}");
        Assert.False(text.Contains("(Parameter '", StringComparison.Ordinal), $"{name}: the response names a .NET parameter: {text}");
        Assert.False(text.Contains(" @ 0x", StringComparison.Ordinal), $"{name}: the response carries a memory address: {text}");
        Assert.False(text.Contains("upload-", StringComparison.Ordinal), $"{name}: the response names a server temp file: {text}");
    }

    static string Body(string idea = "a", string? extra = null) =>
        $$"""{"idea":"{{idea}}","character_description":"b"{{(extra is null ? "" : "," + extra)}}}""";

    static BadCase Post(string path, string name, string json, int? status = null, string? mentions = null) =>
        new(name, () => new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, status, mentions);

    static BadCase Get(string path, string name, int? status = null, string? mentions = null) =>
        new(name, () => new HttpRequestMessage(HttpMethod.Get, path), status, mentions);

    static HttpRequestMessage Raw(string path, string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    static HttpRequestMessage Upload(string path, string field, byte[] bytes, string fileName, string contentType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var form = new MultipartFormDataContent { { file, field, fileName } };
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
    }

    /// <summary>
    /// An upload too large for any route, sent as large-upload clients (curl) do, with Expect: 100-continue: the server refuses
    /// it before the body is sent. (A server cannot drain a body past its limit, so a client sending it regardless sees a reset.)
    /// </summary>
    static HttpRequestMessage LargeUpload(string path, byte[] bytes, string fileName, string contentType)
    {
        var request = Upload(path, "file", bytes, fileName, contentType);
        request.Headers.ExpectContinue = true;
        return request;
    }

    /// <summary>A JSON body without Content-Length (sent chunked), so the server must enforce the size limit while reading.</summary>
    sealed class ChunkedJson : HttpContent
    {
        readonly byte[] _bytes;

        public ChunkedJson(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
