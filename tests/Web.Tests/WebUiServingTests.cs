using System.Net;
using System.Text.Json.Nodes;
using MusicVideo.Tests.Shared;
using MusicVideo.Web.Tests.Infrastructure;

namespace MusicVideo.Web.Tests;

/// <summary>`musicvideo serve` serves the built UI at /, falls back to index.html for client routes only, and explains a missing build.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebUiServingTests(BrowserFixture browser)
{
    [Fact]
    public async Task ClientRoutesGetIndexHtml_ApiAndRuntimePathsKeepTheirJsonErrors_AssetsAreCachedForever()
    {
        var http = browser.Server.Http;
        string index = await File.ReadAllTextAsync(Path.Combine(UiServer.WebRoot, "index.html"));
        foreach (string path in new[] { "/", "/jobs", "/jobs/abc123", "/operations/some-instance" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(index, await response.Content.ReadAsStringAsync());
        }

        foreach (string path in new[] { "/api/mv/nothing-here", "/runtime/webhooks/durabletask/nothing" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("not_found", body["error"]!.GetValue<string>());
        }

        // A wrong method on an API route is still 405, not the UI.
        using (var response = await http.GetAsync("/api/mv/generate_video"))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        }

        using (var config = await http.GetAsync("/config.js"))
        {
            Assert.Equal(HttpStatusCode.OK, config.StatusCode);
            Assert.Contains("apiBase", await config.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        string asset = System.Text.RegularExpressions.Regex.Match(index, "/assets/[^\"]+\\.js").Value;
        using var script = await http.GetAsync(asset);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("immutable", script.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoBuiltUi_RootSaysHowToBuildItWithoutServerPaths()
    {
        string empty = Path.Combine(Path.GetTempPath(), "mv-web-tests", "empty-" + Guid.NewGuid().ToString("N"));
        string data = empty + "-data";
        Directory.CreateDirectory(empty);
        Directory.CreateDirectory(data);
        try
        {
            await using var server = await ServerProcess.StartAsync(ServerProcess.FindAssembly(Path.Combine("src", "Server"), "musicvideo"), ["serve"],
                new Dictionary<string, string> { ["MV_DATA_DIR"] = data, ["MV_WEB_ROOT"] = empty });
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            using var response = await http.GetAsync("/");
            string text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("MV_WEB_ROOT", text, StringComparison.Ordinal);
            Assert.Contains("web/dist", text, StringComparison.Ordinal);
            Assert.DoesNotContain(empty, text, StringComparison.Ordinal);
            Assert.DoesNotContain(empty, server.Output, StringComparison.Ordinal);
            using var health = await http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
            Directory.Delete(data, recursive: true);
        }
    }
}
