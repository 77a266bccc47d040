using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MusicVideo.Tests.Shared;

namespace MusicVideo.Web.Tests.Infrastructure;

/// <summary>
/// A real `musicvideo serve` process serving the built web UI (web/dist) and the API over its own data folder, with the
/// local providers' test switches; it can be restarted over the same data with other switches.
/// </summary>
sealed class UiServer : IAsyncDisposable
{
    ServerProcess _process;

    UiServer(ServerProcess process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Http = NewClient(process.BaseUrl);
    }

    public string DataDirectory { get; }

    public string BaseUrl => _process.BaseUrl;

    /// <summary>A client for checking what the UI shows against the API.</summary>
    public HttpClient Http { get; private set; }

    public string Output => _process.Output;

    /// <summary>The web/dist folder the tests serve; fails with what to run when the UI has not been built.</summary>
    public static string WebRoot
    {
        get
        {
            string dist = Path.Combine(RepositoryRoot, "web", "dist");
            return File.Exists(Path.Combine(dist, "index.html"))
                ? dist
                : throw new InvalidOperationException("The web UI is not built: run ./eng/build-web.sh (eng/test.sh does) before these tests.");
        }
    }

    public static string RepositoryRoot
    {
        get
        {
            string root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "MusicVideo.sln")))
            {
                root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("MusicVideo.sln not found above " + AppContext.BaseDirectory);
            }

            return root;
        }
    }

    public static async Task<UiServer> StartAsync(IReadOnlyDictionary<string, string>? switches = null)
    {
        string data = Path.Combine(Path.GetTempPath(), "mv-web-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        return new UiServer(await LaunchAsync(data, switches), data);
    }

    /// <summary>Stops the server and starts a new process over the same data folder with <paramref name="switches"/>.</summary>
    public async Task RestartAsync(IReadOnlyDictionary<string, string>? switches = null)
    {
        await _process.DisposeAsync();
        Http.Dispose();
        _process = await LaunchAsync(DataDirectory, switches);
        Http = NewClient(_process.BaseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Starts a job through the API (for tests whose subject is another page) and returns its id.</summary>
    public async Task<string> StartJobAsync(object request)
    {
        using var response = await Http.PostAsync("/api/mv/jobs", new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json"));
        var body = await ExpectAsync(response, HttpStatusCode.Accepted);
        return body["id"]!.GetValue<string>();
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return await ExpectAsync(response, HttpStatusCode.OK, HttpStatusCode.Accepted);
    }

    /// <summary>The job view, polled until <paramref name="until"/> holds.</summary>
    public async Task<JsonNode> WaitForJobAsync(string id, Func<JsonNode, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetJsonAsync($"/api/mv/jobs/{id}");
            if (until(last))
            {
                return last;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Job {id} did not reach the expected state; last: {last?.ToJsonString()}");
    }

    public Task<JsonNode> WaitForJobEndAsync(string id) =>
        WaitForJobAsync(id, j => j["status"]!.GetValue<string>() is not ("Running" or "Pending"));

    static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(expected.Contains(response.StatusCode), $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    static Task<ServerProcess> LaunchAsync(string data, IReadOnlyDictionary<string, string>? switches)
    {
        var environment = new Dictionary<string, string>(switches ?? new Dictionary<string, string>())
        {
            ["MV_DATA_DIR"] = data,
            ["MV_WEB_ROOT"] = WebRoot,
        };
        return ServerProcess.StartAsync(ServerProcess.FindAssembly(Path.Combine("src", "Server"), "musicvideo"), ["serve"], environment);
    }

    static HttpClient NewClient(string baseUrl) => new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
}
