using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MusicVideo.Core.Providers.Gemini;

/// <summary>The Gemini API calls both Gemini providers make: JSON in and out with <c>x-goog-api-key</c>, errors classified.</summary>
internal sealed class GeminiApi(HttpClient http, GeminiOptions options)
{
    public const string ApiKeyHeader = "x-goog-api-key";

    public GeminiOptions Options => options;

    /// <summary>The URL of an API path under <c>v1beta/</c>.</summary>
    public Uri Url(string path) => new(options.BaseUrl, "v1beta/" + path);

    public Task<JsonObject> PostAsync(string path, JsonObject body, string what, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Url(path), body, what, cancellationToken);

    public Task<JsonObject> GetAsync(string path, string what, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, Url(path), null, what, cancellationToken);

    public async Task<JsonObject> SendAsync(HttpMethod method, Uri url, JsonObject? body, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add(ApiKeyHeader, options.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await SendRawAsync(request, what, cancellationToken).ConfigureAwait(false);
        try
        {
            var node = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken).ConfigureAwait(false);
            return node as JsonObject ?? throw new ProviderException($"Gemini answered {what} with JSON that is not an object.");
        }
        catch (JsonException ex)
        {
            throw new ProviderException($"Gemini answered {what} with malformed JSON.", ProviderErrorReason.ServerError, null, ex);
        }
    }

    /// <summary>Sends a request and returns a success response (the caller disposes it); errors become classified <see cref="ProviderException"/>s.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderException($"Gemini did not answer {what} in time.", ProviderErrorReason.Timeout, null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException($"Gemini could not be reached for {what} ({ex.HttpRequestError}).", ProviderErrorReason.ServerError, null, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ErrorAsync(response, what, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ProviderException> ErrorAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string? message = null;
        string? statusName = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (JsonNode.Parse(text) is JsonObject { } root && root["error"] is JsonObject error)
            {
                message = error["message"]?.GetValue<string>();
                statusName = error["status"]?.GetValue<string>();
            }
        }
        catch (JsonException)
        {
            // Not Google's error envelope (a proxy's page): the status code says enough.
        }

        var retryAfter = RetryAfter(response);
        var said = string.IsNullOrWhiteSpace(message) ? response.ReasonPhrase ?? "no reason given" : Clip(message!);
        var text2 = $"Gemini refused {what}: HTTP {status}{(statusName is null ? "" : " " + statusName)}: {said}";
        return status == 400 && GeminiSafety.LooksLikeSafetyRefusal(message)
            ? new ProviderException(text2, ProviderErrorReason.ContentPolicy)
            : new ProviderException(text2, ProviderException.ClassifyHttpStatus(status), retryAfter);
    }

    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero : null;
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
