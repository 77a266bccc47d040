using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MusicVideo.ProviderStandIns;

/// <summary>
/// A stand-in for the public address of a server behind a reverse proxy (what <c>MV_PUBLIC_BASE_URL</c> names): forwards every request to
/// <see cref="Target"/>, so a server on a port chosen at start-up can be given a public address before it starts.
/// </summary>
public sealed class PublicRelay : StandInServer
{
    static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Content-Length" };
    readonly HttpClient _client = new() { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>Gets or sets where requests go (the server's real address); until set, the relay answers 502.</summary>
    public Uri? Target { get; set; }

    /// <inheritdoc />
    protected override string ProviderName => "relay";

    /// <inheritdoc />
    protected override void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Run(this.ForwardAsync);
    }

    /// <inheritdoc />
    protected override ValueTask OnStoppingAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    async Task ForwardAsync(HttpContext http)
    {
        if (Target is not { } target)
        {
            http.Response.StatusCode = 502;
            return;
        }

        var url = new Uri(target, http.Request.Path.Value!.TrimStart('/') + http.Request.QueryString.Value);
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), url);
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(http.Request.Body);
        }

        foreach (var header in http.Request.Headers.Where(h => !HopHeaders.Contains(h.Key)))
        {
            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted).ConfigureAwait(false);
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !HopHeaders.Contains(h.Key)))
            {
                http.Response.Headers[header.Key] = header.Value.ToArray();
            }

            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            http.Response.StatusCode = 502;
        }
    }
}
