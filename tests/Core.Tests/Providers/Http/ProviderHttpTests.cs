using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Http;
using MusicVideo.ProviderStandIns;

namespace MusicVideo.Core.Tests.Providers.Http;

/// <summary>The shared provider HTTP plumbing against a real local server: retries for transient failures only, Retry-After, classification, no secrets.</summary>
public sealed class ProviderHttpTests : IAsyncLifetime
{
    readonly EchoStandIn _server = new();
    ServiceProvider? _services;

    HttpClient Client => _services!.GetRequiredService<IHttpClientFactory>().CreateClient("test");

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        var services = new ServiceCollection();
        services.AddProviderHttpClient("test", _server.BaseUrl, new ProviderHttpOptions { BaseDelay = TimeSpan.FromMilliseconds(50), AttemptTimeout = TimeSpan.FromSeconds(5) });
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await (_services?.DisposeAsync() ?? ValueTask.CompletedTask);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Get_AfterTransient500And429_IsRetriedHonouringRetryAfter()
    {
        _server.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Times = 1 });
        _server.Faults.Add(new FaultRule { Kind = FaultKind.RateLimited, Times = 1, RetryAfterSeconds = 1 });
        var started = DateTime.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Get, "ok");
        using var response = await ProviderHttp.SendAsync(Client, request, "Test");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _server.Requests.All.Count);
        // The second retry waited for the advertised second (the first only for the short jittered back-off).
        var log = _server.Requests.All;
        Assert.True(log[2].ReceivedAt - log[1].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"retried after {(log[2].ReceivedAt - log[1].ReceivedAt).TotalMilliseconds} ms");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task NonIdempotentPost_After500_IsNotRetriedButAfter429ItIs()
    {
        _server.Faults.Add(new FaultRule { Kind = FaultKind.RateLimited, Times = 1, RetryAfterSeconds = 0 });
        _server.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Times = 1 });
        using var request = new HttpRequestMessage(HttpMethod.Post, "create").MarkNotIdempotent();
        var failure = await Assert.ThrowsAsync<ProviderException>(() => ProviderHttp.SendAsync(Client, request, "Test"));
        Assert.Equal(ProviderErrorReason.ServerError, failure.Reason);
        Assert.True(failure.IsRetriable);
        Assert.Equal(2, _server.Requests.All.Count);
    }

    [Fact]
    public async Task LongRetryAfter_IsNotWaitedInlineButSurfacesAsRetriableWithTheDelay()
    {
        _server.Faults.Add(new FaultRule { Kind = FaultKind.RateLimited, RetryAfterSeconds = 30 });
        using var request = new HttpRequestMessage(HttpMethod.Get, "ok");
        var failure = await Assert.ThrowsAsync<ProviderException>(() => ProviderHttp.SendAsync(Client, request, "Test"));
        Assert.Equal(ProviderErrorReason.RateLimited, failure.Reason);
        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
        Assert.Contains("throttled", failure.Message);
        Assert.Single(_server.Requests.All);
    }

    [Theory]
    [InlineData("/status/422", ProviderErrorReason.Validation, "input.duration must be one of 4, 6, 8")]
    [InlineData("/status/401", ProviderErrorReason.Authentication, "Invalid token")]
    [InlineData("/status/400-policy", ProviderErrorReason.ContentPolicy, "flagged as sensitive")]
    public async Task ErrorAnswers_AreClassifiedWithTheProvidersWordsAndNoSecrets(string path, ProviderErrorReason reason, string words)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        var failure = await Assert.ThrowsAsync<ProviderException>(() => ProviderHttp.SendAsync(Client, request, "Test"));
        Assert.Equal(reason, failure.Reason);
        Assert.False(failure.IsRetriable);
        Assert.Contains(words, failure.Message);
        Assert.DoesNotContain("r8_", failure.Message);
        Assert.DoesNotContain("AIza", failure.Message);
        Assert.Single(_server.Requests.All);
    }

    [Fact]
    public async Task MalformedJson_IsARetriableServerError()
    {
        _server.Faults.Add(new FaultRule { Kind = FaultKind.MalformedJson });
        using var request = new HttpRequestMessage(HttpMethod.Get, "ok");
        var failure = await Assert.ThrowsAsync<ProviderException>(() => ProviderHttp.SendJsonAsync<System.Text.Json.Nodes.JsonObject>(Client, request, "Test"));
        Assert.Equal(ProviderErrorReason.ServerError, failure.Reason);
        Assert.Contains("malformed JSON", failure.Message);
    }

    [Fact]
    public async Task SlowAnswers_TimeOutAsRetriableTimeouts()
    {
        _server.Faults.Add(new FaultRule { Kind = FaultKind.Delay, Delay = TimeSpan.FromSeconds(30) });
        using var request = new HttpRequestMessage(HttpMethod.Post, "create").MarkNotIdempotent();
        var failure = await Assert.ThrowsAsync<ProviderException>(() => ProviderHttp.SendAsync(Client, request, "Test"));
        Assert.Equal(ProviderErrorReason.Timeout, failure.Reason);
        Assert.True(failure.IsRetriable);
        Assert.Single(_server.Requests.All);
    }

    [Fact]
    public void Redactor_RemovesTokensKeysAndSecrets()
    {
        string text = SecretRedactor.Redact("Bearer r8_abcdefghijklmnop failed for https://x/y?key=AIzaSyA1234567890abcdefghijkl&x=1 whsec_c2VjcmV0c2VjcmV0 sk-abcdefghijklmnop");
        Assert.DoesNotContain("r8_abc", text);
        Assert.DoesNotContain("AIzaSy", text);
        Assert.DoesNotContain("whsec_c2", text);
        Assert.DoesNotContain("sk-abc", text);
        Assert.Contains("[redacted]", text);
    }

    sealed class EchoStandIn : StandInServer
    {
        protected override string ProviderName => "Echo";

        protected override void MapRoutes(WebApplication app)
        {
            app.MapGet("/ok", () => Results.Json(new { ok = true }));
            app.MapPost("/create", () => Results.Json(new { id = "p1" }, statusCode: 201));
            app.MapGet("/status/422", () => Results.Json(new { detail = "input.duration must be one of 4, 6, 8" }, statusCode: 422));
            app.MapGet("/status/401", () => Results.Json(new { detail = "Invalid token r8_abcdefghijklmnopqrstu" }, statusCode: 401));
            app.MapGet("/status/400-policy", () => Results.Json(new { error = new { message = "The input was flagged as sensitive (E005); key=AIzaSyA1234567890abcdefghijkl" } }, statusCode: 400));
        }
    }
}
