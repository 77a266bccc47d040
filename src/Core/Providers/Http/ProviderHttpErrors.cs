using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Polly.Timeout;

namespace MusicVideo.Core.Providers.Http;

/// <summary>Turns provider HTTP failures into classified <see cref="ProviderException"/>s (DESIGN §4.1) whose messages carry no secrets.</summary>
public static class ProviderHttpErrors
{
    /// <summary>The most of an error body kept in a message.</summary>
    const int MaxDetailLength = 500;

    /// <summary>
    /// Reads an error response: the provider's own words (<c>detail</c>, <c>error.message</c>, <c>message</c>, <c>title</c>) become the message,
    /// <c>Retry-After</c> is kept, and the status is classified; a text that <paramref name="isContentPolicy"/> (default <see cref="ContentPolicyText.Matches"/>)
    /// recognises is a non-retriable content-policy failure whatever the status.
    /// </summary>
    public static async Task<ProviderException> FromResponseAsync(
        HttpResponseMessage response, string provider, Func<string, bool>? isContentPolicy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            body = string.Empty;
        }

        int status = (int)response.StatusCode;
        string detail = SecretRedactor.Redact(Truncate(DetailOf(body)));
        string message = detail.Length > 0
            ? $"{provider} answered HTTP {status}: {detail}"
            : $"{provider} answered HTTP {status} ({response.ReasonPhrase ?? response.StatusCode.ToString()}).";
        var retryAfter = RetryAfterOf(response);
        if ((isContentPolicy ?? ContentPolicyText.Matches)(detail))
        {
            return new ProviderException(message, ProviderErrorReason.ContentPolicy, retryAfter);
        }

        return new ProviderException(message, ProviderException.ClassifyHttpStatus(status), retryAfter);
    }

    /// <summary>Classifies a transport failure (timeout, refused connection, reset): always retriable, with no URL or secret in the message.</summary>
    public static ProviderException FromTransport(Exception exception, string provider)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            TimeoutRejectedException or TaskCanceledException or TimeoutException =>
                new ProviderException($"{provider} did not answer in time.", ProviderErrorReason.Timeout, null, exception),
            HttpRequestException { InnerException: SocketException socket } =>
                new ProviderException($"{provider} could not be reached ({socket.SocketErrorCode}).", ProviderErrorReason.ServerError, null, exception),
            HttpRequestException http =>
                new ProviderException($"{provider} could not be reached ({http.HttpRequestError}).", ProviderErrorReason.ServerError, null, exception),
            _ => new ProviderException($"{provider} call failed: {SecretRedactor.Redact(exception.Message)}", ProviderErrorReason.ServerError, null, exception),
        };
    }

    /// <summary>The response's <c>Retry-After</c> (seconds or an HTTP date), when present.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        // Some APIs send fractional seconds, which the typed header rejects.
        if (response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    /// <summary>True for failures where the provider surely did nothing: throttling (429) and a refused connection.</summary>
    public static bool ProviderSurelyDidNothing(HttpStatusCode? status, Exception? exception) =>
        status == HttpStatusCode.TooManyRequests
        || exception is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };

    static string DetailOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (string name in new[] { "detail", "message", "error", "title" })
                {
                    if (root.TryGetProperty(name, out var value))
                    {
                        switch (value.ValueKind)
                        {
                            case JsonValueKind.String:
                                return value.GetString() ?? string.Empty;
                            case JsonValueKind.Object when value.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.String:
                                return inner.GetString() ?? string.Empty;
                        }
                    }
                }
            }

            return root.GetRawText();
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page of a proxy): keep its first line only.
            return body.Split('\n', 2)[0].Trim();
        }
    }

    static string Truncate(string text) => text.Length <= MaxDetailLength ? text : text[..MaxDetailLength] + "…";
}
