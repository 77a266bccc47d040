using System.Net;
using MusicVideo.Server.Tests.Infrastructure;

namespace MusicVideo.Server.Tests;

/// <summary>One server started with API keys, CORS origins, a public base URL and allowed hosts, as an operator deploys it.</summary>
public sealed class ConfiguredServerTests : IAsyncLifetime
{
    const string Key = "k-7f3a91c2e5d84b06";
    const string Frontend = "http://localhost:3000";
    const string PublicUrl = "https://mv.example.com";
    MvServer _server = null!;

    public async Task InitializeAsync() => _server = await MvServer.StartAsync(new Dictionary<string, string>
    {
        ["MV_API_KEYS"] = Key,
        ["MV_CORS_ORIGINS"] = Frontend,
        ["MV_PUBLIC_BASE_URL"] = PublicUrl,
        ["AllowedHosts"] = "127.0.0.1;localhost",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ApiKeyInQuery_IsAcceptedButNeverWrittenToTheLog()
    {
        using var response = await _server.Http.GetAsync($"/api/mv/get_director_configs?api_key={Key}&x=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The request log line is written when the response ends; give the console a moment.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!_server.Output.Contains("/api/mv/get_director_configs?api_key=***&x=1", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains("/api/mv/get_director_configs?api_key=***&x=1", _server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, _server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusLinks_ComeFromThePublicBaseUrl_NotTheHostHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/mv/create_scenes?wait=0") { Content = MvServer.Json(new { idea = "a", character_description = "b", number_of_scenes = 1 }) };
        request.Headers.Add("X-API-Key", Key);
        request.Headers.Host = "localhost:666";
        var (status, body, text) = await _server.SendAsync(request);

        Assert.True(status == HttpStatusCode.Accepted, text);
        foreach (var (name, value) in body!.AsObject())
        {
            if (name.EndsWith("Uri", StringComparison.Ordinal))
            {
                Assert.StartsWith(PublicUrl + "/runtime/webhooks/durabletask/instances/", value!.GetValue<string>(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task HostHeader_NotAllowed_IsRejected()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/mv/get_director_configs");
        request.Headers.Add("X-API-Key", Key);
        request.Headers.Host = "evil.example:666";
        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CorsPreflight_FromAConfiguredOrigin_IsAnsweredWithoutAKey_AndResponsesExposeLocation()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/mv/jobs");
        preflight.Headers.Add("Origin", Frontend);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key");
        using var answer = await _server.Http.SendAsync(preflight);

        Assert.True(answer.IsSuccessStatusCode, $"preflight answered {(int)answer.StatusCode}");
        Assert.Equal(Frontend, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", string.Join(",", answer.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Contains("x-api-key", string.Join(",", answer.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);

        using var start = new HttpRequestMessage(HttpMethod.Post, "/api/mv/create_scenes?wait=0") { Content = MvServer.Json(new { idea = "a", character_description = "b", number_of_scenes = 1 }) };
        start.Headers.Add("Origin", Frontend);
        start.Headers.Add("X-API-Key", Key);
        using var started = await _server.Http.SendAsync(start);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(Frontend, started.Headers.GetValues("Access-Control-Allow-Origin").Single());
        string exposed = string.Join(",", started.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("Location", exposed, StringComparison.Ordinal);
        Assert.Contains("Retry-After", exposed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorsPreflight_FromAnotherOrigin_GetsNoAllowOrigin()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/mv/jobs");
        preflight.Headers.Add("Origin", "http://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var answer = await _server.Http.SendAsync(preflight);

        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task MissingKey_Answers401InTheErrorShape()
    {
        var (status, body, text) = await _server.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/mv/get_director_configs"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("unauthorized", body?["error"]?.GetValue<string>());
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
    }
}
