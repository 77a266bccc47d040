using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MusicVideo.Tests.Shared;

namespace MusicVideo.Server.Tests.Infrastructure;

/// <summary>
/// A real `musicvideo serve` process over its own data folder, with an HTTP client and the helpers the end-to-end tests
/// share: JSON posts, polling the Durable Functions status URL, downloads and the local renders log.
/// </summary>
sealed class MvServer : ServeHost
{
    static readonly TimeSpan DefaultJobTimeout = TimeSpan.FromSeconds(120);

    MvServer(IReadOnlyDictionary<string, string>? switches)
        : base("mv-server-tests", switches)
    {
    }

    /// <summary>One line per actual clip render: {utc time}\tclip\t{local job id}\t{process id}.</summary>
    public string RendersLogPath => Path.Combine(DataDirectory, "providers", "local-clips", "renders.log");

    /// <inheritdoc />
    protected override TimeSpan RequestTimeout => TimeSpan.FromSeconds(180);

    /// <summary>Starts a server over a fresh temporary data folder with optional test switches (MV_LOCAL_FAIL_PROMPT, …).</summary>
    public static Task<MvServer> StartAsync(IReadOnlyDictionary<string, string>? switches = null) => StartAsync(new MvServer(switches));

    // ---- requests -------------------------------------------------------------------------------------------------

    public static StringContent Json(object body) =>
        new(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => Http.PostAsync(path, Json(body));

    /// <summary>POSTs and returns the status and the parsed JSON body (null when the body is not JSON).</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body, string Text)> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, TryParse(text), text);
    }

    public async Task<JsonNode> PostJsonExpectAsync(string path, object body, HttpStatusCode expected)
    {
        using var response = await PostJsonAsync(path, body);
        return await ExpectAsync(response, expected, $"POST {path}");
    }

    public async Task<JsonNode> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Http.GetAsync(path);
        return await ExpectAsync(response, expected, $"GET {path}");
    }

    public async Task<JsonNode> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return TryParse(text) ?? throw new Xunit.Sdk.XunitException($"{what}: the body is not JSON: {text}");
    }

    /// <summary>Starts a long operation (202 + check-status payload), polls statusQueryGetUri until it ends and returns the final status.</summary>
    public async Task<JsonNode> RunAsync(string path, object? body = null, TimeSpan? timeout = null)
    {
        using var response = body is null ? await Http.PostAsync(path, null) : await PostJsonAsync(path, body);
        var accepted = await ExpectAsync(response, HttpStatusCode.Accepted, $"POST {path}");
        Assert.NotNull(response.Headers.Location);
        Assert.NotNull(response.Headers.RetryAfter);
        return await WaitForStatusAsync(accepted, timeout);
    }

    /// <summary>Polls the status URL of a 202 payload until the instance is no longer Pending/Running (200 from the status URL).</summary>
    public Task<JsonNode> WaitForStatusAsync(JsonNode accepted, TimeSpan? timeout = null) =>
        PollStatusAsync(StatusUri(accepted), status => status["runtimeStatus"]?.GetValue<string>() is not ("Running" or "Pending"), timeout);

    /// <summary>Polls a status URL until <paramref name="until"/> holds; fails with the last status on timeout.</summary>
    public async Task<JsonNode> PollStatusAsync(string statusUri, Func<JsonNode, bool> until, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultJobTimeout);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Http.GetAsync(statusUri);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"GET {statusUri}: {(int)response.StatusCode} {text}");
            last = TryParse(text);
            Assert.NotNull(last);
            string? runtimeStatus = last["runtimeStatus"]?.GetValue<string>();
            bool running = runtimeStatus is "Running" or "Pending";
            Assert.True(response.StatusCode == (running ? HttpStatusCode.Accepted : HttpStatusCode.OK), $"status {runtimeStatus} answered {(int)response.StatusCode}");
            if (until(last))
            {
                return last;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"{statusUri} did not reach the expected state in time; last status: {last?.ToJsonString()}\nServer log:\n{Tail(Output)}");
    }

    public static string StatusUri(JsonNode accepted) =>
        accepted["statusQueryGetUri"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("no statusQueryGetUri in " + accepted.ToJsonString());

    /// <summary>Downloads a (relative) media URL and returns the bytes, checking the content type.</summary>
    public async Task<byte[]> DownloadAsync(string url, string? expectedContentType = null)
    {
        using var response = await Http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
        if (expectedContentType is not null)
        {
            Assert.Equal(expectedContentType, response.Content.Headers.ContentType?.MediaType);
        }

        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Uploads a file as the multipart field "file".</summary>
    public async Task<JsonNode> UploadAsync(string path, byte[] bytes, string fileName, string contentType, HttpStatusCode expected)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        using var response = await Http.PostAsync(path, form);
        return await ExpectAsync(response, expected, $"POST {path}");
    }

    // ---- renders log ----------------------------------------------------------------------------------------------

    /// <summary>How many times each clip prompt was actually rendered (renders.log joined with each local job's request.json).</summary>
    public IReadOnlyDictionary<string, int> RenderCountsByPrompt()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!File.Exists(RendersLogPath))
        {
            return counts;
        }

        string root = Path.GetDirectoryName(RendersLogPath)!;
        foreach (string line in File.ReadAllLines(RendersLogPath).Where(l => l.Length > 0))
        {
            string[] parts = line.Split('\t');
            Assert.True(parts.Length >= 3 && parts[1] == "clip", "unexpected renders.log line: " + line);
            using var request = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, parts[2], "request.json")));
            string prompt = request.RootElement.GetProperty("prompt").GetString()!;
            counts[prompt] = counts.GetValueOrDefault(prompt) + 1;
        }

        return counts;
    }

    static JsonNode? TryParse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
