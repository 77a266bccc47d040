using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using MusicVideo.Api;
using MusicVideo.Functions.Tests.Infrastructure;

namespace MusicVideo.Functions.Tests.Http;

/// <summary>One standalone server process and one Functions app on Microsoft's in-process host, for the parity tests.</summary>
public sealed class BothHostsFixture : IAsyncLifetime
{
    public StandaloneServer Server { get; private set; } = null!;

    public WorkflowHost Functions { get; private set; } = null!;

    public FunctionsHttpInvoker Invoker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        this.Server = await StandaloneServer.StartAsync();

        // The server's defaults: options as `musicvideo serve` reads them without MV_* settings, the standalone seed hold.
        var options = new Core.Workflow.MusicVideoOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "mv-functions-tests", "functions-" + Guid.NewGuid().ToString("N")) };
        this.Functions = await WorkflowHost.StartFunctionsAsync(options, new LongOperationOptions());
        this.Invoker = new FunctionsHttpInvoker(this.Functions);
    }

    public async Task DisposeAsync()
    {
        await this.Server.DisposeAsync();
        await this.Functions.DisposeAsync();
    }
}

/// <summary>
/// The HTTP-trigger functions, invoked in-process with a real HttpContext and the in-process host's DurableTaskClient,
/// answer like the standalone server process: same status codes and bodies (ids, times and host names aside).
/// </summary>
public sealed partial class HttpTriggerParityTests(BothHostsFixture hosts) : IClassFixture<BothHostsFixture>
{
    const string Json = "application/json";
    static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Bad inputs across jobs, edits, seed and media routes: method, path, content type, body.</summary>
    public static TheoryData<string, string, string?, string?> BadInputs => new()
    {
        { "POST", "/api/mv/jobs", "text/plain", "an idea" },
        { "POST", "/api/mv/jobs", Json, "{\"idea\": " },
        { "POST", "/api/mv/jobs", Json, "{\"idea\":\"a fox in the snow\",\"colour\":\"red\"}" },
        { "POST", "/api/mv/jobs", Json, "{\"idea\":\"a fox in the snow\",\"number_of_scenes\":0}" },
        { "POST", "/api/mv/jobs", Json, "{\"idea\":\"a fox in the snow\",\"song_id\":\"../../etc/passwd\"}" },
        { "POST", "/api/mv/jobs", Json, "{\"idea\":\"a fox in the snow\",\"song_id\":\"3f2b8c1e-5d4a-4f6b-9c2d-1a2b3c4d5e6f\"}" },
        { "GET", "/api/mv/jobs/no-such-job", null, null },
        { "POST", "/api/mv/jobs/no-such-job/scenes/two/prompt", Json, "{\"prompt\":\"a fox\"}" },
        { "POST", "/api/mv/jobs/no-such-job/restitch", null, null },
        { "POST", "/api/mv/generate_video", Json, "{\"prompt\":\"a fox running\",\"duration\":7}" },
        { "POST", "/api/mv/stitch-videos", Json, "{\"video_ids\":[]}" },
        { "POST", "/api/mv/create_scenes", Json, "{\"idea\":\"a fox in the snow\",\"project_id\":\"p1\"}" },
        { "GET", "/api/mv/get_video/not-a-uuid", null, null },
        { "POST", "/api/mv/songs", Json, "{}" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInput_SameStatusAndMessage(string method, string path, string? contentType, string? body)
    {
        byte[]? bytes = body is null ? null : Encoding.UTF8.GetBytes(body);
        var server = await hosts.Server.SendAsync(method, path, contentType, bytes);
        var functions = await hosts.Invoker.SendAsync(method, path, contentType, bytes);

        Assert.InRange(server.Status, 400, 499);
        Assert.Equal(server.Status, functions.Status);
        Assert.Equal(server.Body, functions.Body);
        Assert.False(string.IsNullOrWhiteSpace(JsonNode.Parse(functions.Body)!["message"]?.GetValue<string>()), functions.Body);
    }

    [Fact]
    public async Task JobStart_Answers202WithTheCheckStatusPayload_AndTheStatusReadMatches()
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"idea\":\"a lighthouse keeper who paints the storms\",\"character_description\":\"an old woman in a yellow raincoat\",\"number_of_scenes\":2,\"clip_duration\":4,\"seed\":5}");
        var server = await hosts.Server.SendAsync("POST", "/api/mv/jobs", Json, body);
        var functions = await hosts.Invoker.SendAsync("POST", "/api/mv/jobs", Json, body);

        Assert.Equal(202, server.Status);
        Assert.Equal(202, functions.Status);
        string serverId = JsonNode.Parse(server.Body)!["id"]!.GetValue<string>();
        string functionsId = JsonNode.Parse(functions.Body)!["id"]!.GetValue<string>();
        Assert.Equal(Normalize(server.Body, hosts.Server.BaseUrl), Normalize(functions.Body, FunctionsHttpInvoker.BaseUrl));
        Assert.Equal($"{FunctionsHttpInvoker.BaseUrl}/runtime/webhooks/durabletask/instances/{functionsId}", functions.Headers["Location"]);
        Assert.Equal(Normalize(server.Headers["Location"], hosts.Server.BaseUrl), Normalize(functions.Headers["Location"], FunctionsHttpInvoker.BaseUrl));
        Assert.Equal(server.Headers["Retry-After"], functions.Headers["Retry-After"]);

        await WaitForServerJobAsync(serverId);
        using (var timeout = new CancellationTokenSource(JobTimeout))
        {
            var done = await hosts.Functions.Client.WaitForInstanceCompletionAsync(functionsId, timeout.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        }

        var serverView = await hosts.Server.SendAsync("GET", $"/api/mv/jobs/{serverId}");
        var functionsView = await hosts.Invoker.SendAsync("GET", $"/api/mv/jobs/{functionsId}");
        Assert.Equal(200, serverView.Status);
        Assert.Equal(200, functionsView.Status);
        Assert.Equal("Completed", JsonNode.Parse(functionsView.Body)!["status"]!.GetValue<string>());
        Assert.Equal(Normalize(serverView.Body, hosts.Server.BaseUrl), Normalize(functionsView.Body, FunctionsHttpInvoker.BaseUrl));
    }

    [Fact]
    public async Task SeedRoutes_SameAnswers()
    {
        var serverConfigs = await hosts.Server.SendAsync("GET", "/api/mv/get_director_configs");
        var functionsConfigs = await hosts.Invoker.SendAsync("GET", "/api/mv/get_director_configs");
        Assert.Equal(200, functionsConfigs.Status);
        Assert.Equal(serverConfigs.Body, functionsConfigs.Body);

        // Held like the seed: the scenes come back in the answer (200), written by the same orchestration on each host.
        byte[] body = Encoding.UTF8.GetBytes("{\"idea\":\"a fox who learns to skate\",\"character_description\":\"a small red fox in a blue scarf\",\"number_of_scenes\":3,\"seed\":9}");
        var server = await hosts.Server.SendAsync("POST", "/api/mv/create_scenes", Json, body);
        var functions = await hosts.Invoker.SendAsync("POST", "/api/mv/create_scenes", Json, body);
        Assert.True(server.Status == 200, server.Body);
        Assert.Equal(server.Status, functions.Status);
        Assert.Equal(3, JsonNode.Parse(functions.Body)!["scenes"]!.AsArray().Count);
        Assert.Equal(server.Body, functions.Body);
    }

    async Task WaitForServerJobAsync(string id)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            var view = await hosts.Server.SendAsync("GET", $"/api/mv/jobs/{id}");
            string? status = JsonNode.Parse(view.Body)?["status"]?.GetValue<string>();
            if (status is "Completed")
            {
                return;
            }

            Assert.True(status is "Pending" or "Running" && DateTime.UtcNow < deadline, $"The server's job is {status}: {view.Body}\n{hosts.Server.Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>The body with what differs by host and run made neutral: the host's base URL, ids, timestamps, elapsed time.</summary>
    static string Normalize(string text, string baseUrl)
    {
        text = text.Replace(baseUrl, "{base}", StringComparison.Ordinal);
        text = IdPattern().Replace(text, "{id}");
        text = TimePattern().Replace(text, "{time}");
        return ElapsedPattern().Replace(text, "\"elapsed_seconds\":0");
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")]
    private static partial Regex TimePattern();

    [GeneratedRegex("\"elapsed_seconds\":[0-9.]+")]
    private static partial Regex ElapsedPattern();
}
