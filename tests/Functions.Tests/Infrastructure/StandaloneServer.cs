using System.Net.Http.Headers;
using MusicVideo.Tests.Shared;

namespace MusicVideo.Functions.Tests.Infrastructure;

/// <summary>A real `musicvideo serve` process over a fresh data folder: the reference the Functions answers are compared with.</summary>
public sealed class StandaloneServer : IAsyncDisposable
{
    readonly ServerProcess _process;
    readonly string _data;

    StandaloneServer(ServerProcess process, string data)
    {
        _process = process;
        _data = data;
        this.Http = new HttpClient { BaseAddress = new Uri(process.BaseUrl), Timeout = TimeSpan.FromSeconds(180) };
    }

    public HttpClient Http { get; }

    public string BaseUrl => _process.BaseUrl;

    public string Output => _process.Output;

    public static async Task<StandaloneServer> StartAsync()
    {
        string data = Path.Combine(Path.GetTempPath(), "mv-functions-tests", "server-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var process = await ServerProcess.StartAsync(
            ServerProcess.FindAssembly(Path.Combine("src", "Server"), "musicvideo"), ["serve"], new Dictionary<string, string> { ["MV_DATA_DIR"] = data });
        return new StandaloneServer(process, data);
    }

    /// <summary>Sends one request; the answer's status, headers (response and content) and body text.</summary>
    public async Task<HttpAnswer> SendAsync(string method, string pathAndQuery, string? contentType = null, byte[]? body = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        if (body is not null || contentType is not null)
        {
            request.Content = new ByteArrayContent(body ?? []);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await this.Http.SendAsync(request);
        var all = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new HttpAnswer((int)response.StatusCode, all, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        this.Http.Dispose();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
