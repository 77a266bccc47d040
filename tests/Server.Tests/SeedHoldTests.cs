using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>A server whose renders take at least 6 s, so a held request is still waiting when the test acts; prompts with FAIL-FOR-GOOD fail.</summary>
public sealed class SlowRenderServerFixture : IAsyncLifetime
{
    MvServer? _server;

    internal MvServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await MvServer.StartAsync(new Dictionary<string, string>
    {
        ["MV_LOCAL_MIN_JOB_SECONDS"] = "6",
        ["MV_LOCAL_FAIL_PROMPT"] = SeedHoldTests.FailMarker,
    });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Held seed requests while the work is still running: disconnects, shorter waits and the connection's keep-alive.</summary>
public sealed class SeedHoldTests(SlowRenderServerFixture fixture) : IClassFixture<SlowRenderServerFixture>
{
    internal const string FailMarker = "FAIL-FOR-GOOD";

    readonly MvServer _server = fixture.Server;

    [Fact]
    public async Task GenerateVideo_HeldWorkFailsForGood_Answers502WithTheReasonInBothShapes()
    {
        var failed = await SeedClient.PostExpectAsync(_server, "/api/mv/generate_video", new { prompt = $"A storm over the harbour {FailMarker}.", duration = 4 }, HttpStatusCode.BadGateway);
        Assert.Equal("operation_failed", Str(failed.Body, "error"));
        Assert.Contains(FailMarker, Str(failed.Body, "message"), StringComparison.Ordinal);
        Assert.Equal(Str(failed.Body, "message"), Str(failed.Body["detail"], "message"));
        Assert.DoesNotContain("Exception", failed.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_server.DataDirectory, failed.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(Str(failed.Body["details"], "instance_id")));
    }

    [Fact]
    public async Task GenerateVideo_ClientDisconnectsMidHold_OrchestrationCompletesAndItsResultIsReadableById()
    {
        string prompt = $"A tram climbs a hill in the snow ({Guid.NewGuid():N}).";
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };
        var body = new { prompt, duration = 4 };
        var started = DateTime.UtcNow.AddSeconds(-1);

        // The seed's client gives up (tab closed, proxy timeout) two seconds into a render of at least six.
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SeedClient.PostAsync(_server, "/api/mv/generate_video", body, headers, giveUp.Token));
        }

        // The orchestration is still there and finishes on its own; its result is readable by its id.
        string from = Uri.EscapeDataString(started.ToString("o", CultureInfo.InvariantCulture));
        var listed = (await _server.GetJsonAsync($"/runtime/webhooks/durabletask/instances?instanceIdPrefix=idem-&createdTimeFrom={from}")).AsArray()
            .Where(i => Str(i, "name") == "GenerateClip")
            .ToList();
        var instance = Assert.Single(listed);
        string id = Str(instance, "instanceId");
        var status = await _server.PollStatusAsync($"/runtime/webhooks/durabletask/instances/{id}", s => Str(s, "runtimeStatus") is not ("Running" or "Pending"));
        var output = CompletedOutput(status);
        await AssertVideoAsync(_server, Str(output, "video_url"), 4, SizeFor("16:9"));
        Assert.Contains("disconnected during the hold", _server.Output, StringComparison.Ordinal);

        // The same request again (same Idempotency-Key): the finished result at once, nothing rendered twice.
        var retry = await SeedClient.PostExpectAsync(_server, "/api/mv/generate_video", body, HttpStatusCode.OK, headers);
        Assert.True(retry.Replayed);
        Assert.Equal(Str(output, "video_id"), Str(retry.Body, "video_id"));
        Assert.Equal(1, _server.RenderCountsByPrompt()[prompt]);
    }

    [Fact]
    public async Task GenerateVideo_PreferWaitShorterThanTheWork_Answers202WithPreferenceApplied()
    {
        var started = DateTime.UtcNow;
        var accepted = await SeedClient.PostExpectAsync(_server, "/api/mv/generate_video", new { prompt = "A heron lands on a frozen pond.", duration = 4 },
            HttpStatusCode.Accepted, new Dictionary<string, string> { ["Prefer"] = "wait=1" });
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1), "the answer came before the preferred wait ran out");
        Assert.Equal("wait=1", accepted.PreferenceApplied);
        var output = CompletedOutput(await _server.WaitForStatusAsync(accepted.Body));
        await AssertVideoAsync(_server, Str(output, "video_url"), 4, SizeFor("16:9"));
    }

    [Fact]
    public async Task GenerateVideo_HeldRequest_ServerKeepsTheIdleConnectionAliveWithTcpKeepAlive()
    {
        Assert.True(File.Exists("/proc/net/tcp"), "this check reads the kernel's socket table (/proc/net/tcp, Linux)");
        var server = new Uri(_server.BaseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        int clientPort = ((IPEndPoint)tcp.Client.LocalEndPoint!).Port;
        var stream = tcp.GetStream();
        string json = """{"prompt":"A kettle steams on a stove.","duration":4}""";
        string request = $"POST /api/mv/generate_video HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));

        // While the request is held and silent, the server's end of this connection runs the keep-alive timer (timer 2).
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        string row = ServerSideRow(server.Port, clientPort) ?? throw new Xunit.Sdk.XunitException("the connection is not in /proc/net/tcp");
        string timer = row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[5];
        Assert.True(timer.StartsWith("02:", StringComparison.Ordinal), $"expected the keep-alive timer on the held connection, got timer '{timer}' in: {row}");

        // And the held request still ends with the seed's answer on that same connection.
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Equal("HTTP/1.1 200 OK", status);
    }

    /// <summary>The /proc/net/tcp row of the server's side of a loopback connection (ports in hex).</summary>
    static string? ServerSideRow(int serverPort, int clientPort)
    {
        string local = $":{serverPort:X4}";
        string remote = $":{clientPort:X4}";
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(l => l.Trim())
            .FirstOrDefault(l =>
            {
                string[] f = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return f.Length > 5 && f[1].EndsWith(local, StringComparison.Ordinal) && f[2].EndsWith(remote, StringComparison.Ordinal);
            });
    }
}
