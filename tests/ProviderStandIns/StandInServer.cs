using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MusicVideo.ProviderStandIns;

/// <summary>
/// The base of a provider stand-in: Kestrel on 127.0.0.1 with a free port, every request recorded in <see cref="Requests"/>,
/// and <see cref="Faults"/> applied before the provider's own routes answer.
/// </summary>
public abstract class StandInServer : IAsyncDisposable
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which a <see cref="FaultKind.ContentPolicy"/> rule reaches the provider's routes.</summary>
    public const string ContentPolicyItem = "standin.content_policy";

    WebApplication? _app;

    /// <summary>The requests received so far.</summary>
    public RequestLog Requests { get; } = new();

    /// <summary>The faults to inject.</summary>
    public FaultPlan Faults { get; } = new();

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234/</c> (with a trailing slash); set by <see cref="StartAsync"/>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The provider's name in messages.</summary>
    protected abstract string ProviderName { get; }

    /// <summary>Starts listening.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64 * 1024 * 1024);
        _app = builder.Build();
        _app.Use(RecordAndInjectAsync);
        MapRoutes(_app);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>Maps the provider's routes.</summary>
    protected abstract void MapRoutes(WebApplication app);

    /// <summary>The body of the provider's throttling answer.</summary>
    protected virtual string RateLimitBody(int retryAfterSeconds) =>
        $$"""{"detail":"Request was throttled. Your rate limit resets in ~{{retryAfterSeconds}}s."}""";

    /// <summary>The body of the provider's internal-error answer.</summary>
    protected virtual string ServerErrorBody => """{"detail":"Internal server error (injected by the stand-in)"}""";

    /// <summary>Stops the provider's own background work before the server stops.</summary>
    protected virtual ValueTask OnStoppingAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await OnStoppingAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    async Task RecordAndInjectAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        }

        request.Body.Position = 0;
        var fault = Faults.Decide(request.Method, request.Path.Value ?? "/", body);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Add(new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, headers, body, DateTimeOffset.UtcNow, fault?.Kind));
        switch (fault?.Kind)
        {
            case FaultKind.RateLimited:
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteJsonAsync(http, RateLimitBody(fault.RetryAfterSeconds)).ConfigureAwait(false);
                return;
            case FaultKind.ServerError:
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await WriteJsonAsync(http, ServerErrorBody).ConfigureAwait(false);
                return;
            case FaultKind.MalformedJson:
                http.Response.StatusCode = StatusCodes.Status200OK;
                await WriteJsonAsync(http, """{"id": "truncated", "status": """).ConfigureAwait(false);
                return;
            case FaultKind.Delay:
                try
                {
                    await Task.Delay(fault.Delay, http.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                break;
            case FaultKind.ContentPolicy:
                http.Items[ContentPolicyItem] = true;
                break;
        }

        await next(http).ConfigureAwait(false);
    }

    /// <summary>Writes a JSON body.</summary>
    protected static Task WriteJsonAsync(HttpContext http, string json)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(json);
    }
}
