using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MusicVideo.Core.Providers.Http;

namespace MusicVideo.Core.Providers.Gemini;

/// <summary>The Gemini API calls both Gemini providers make: JSON in and out with <c>x-goog-api-key</c>, errors classified by the shared plumbing.</summary>
internal sealed class GeminiApi(HttpClient http, GeminiOptions options)
{
    public const string ApiKeyHeader = "x-goog-api-key";

    const string ProviderName = "Gemini";

    public GeminiOptions Options => options;

    /// <summary>The URL of an API path under <c>v1beta/</c>.</summary>
    public Uri Url(string path) => new(options.BaseUrl, "v1beta/" + path);

    /// <summary>Posts JSON; a <paramref name="createsJob"/> request (a paid generation) is repeated only when Gemini surely did nothing.</summary>
    public Task<JsonObject> PostAsync(string path, JsonObject body, bool createsJob, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Url(path), body, createsJob, cancellationToken);

    public Task<JsonObject> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, Url(path), null, createsJob: false, cancellationToken);

    public async Task<JsonObject> SendAsync(HttpMethod method, Uri url, JsonObject? body, bool createsJob, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add(ApiKeyHeader, options.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (createsJob)
        {
            request.MarkNotIdempotent();
        }

        var node = await ProviderHttp.SendJsonAsync<JsonNode>(http, request, ProviderName, null, IsContentPolicy, cancellationToken).ConfigureAwait(false);
        return node as JsonObject ?? throw new ProviderException("Gemini answered with JSON that is not an object.", ProviderErrorReason.ServerError);
    }

    /// <summary>Sends a request and returns a success response (the caller disposes it); errors become classified <see cref="ProviderException"/>s.</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        ProviderHttp.SendAsync(http, request, ProviderName, IsContentPolicy, cancellationToken);

    static bool IsContentPolicy(string text) => ContentPolicyText.Matches(text) || GeminiSafety.LooksLikeSafetyRefusal(text);
}
