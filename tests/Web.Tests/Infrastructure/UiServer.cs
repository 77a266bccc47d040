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
sealed class UiServer : ServeHost
{
    UiServer(IReadOnlyDictionary<string, string>? switches)
        : base("mv-web-tests", switches)
    {
    }

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

    public static string RepositoryRoot => ServerProcess.RepositoryRoot;

    public static Task<UiServer> StartAsync(IReadOnlyDictionary<string, string>? switches = null) => StartAsync(new UiServer(switches));

    /// <inheritdoc />
    protected override TimeSpan RequestTimeout => TimeSpan.FromSeconds(60);

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

    /// <inheritdoc />
    protected override void AddEnvironment(IDictionary<string, string> environment) => environment["MV_WEB_ROOT"] = WebRoot;
}
