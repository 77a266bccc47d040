using System.Net.Http.Json;
using System.Text.Json;
using Polly.Timeout;

namespace MusicVideo.Core.Providers.Http;

/// <summary>Sends provider requests through a resilient client and turns every failure into a classified <see cref="ProviderException"/>.</summary>
public static class ProviderHttp
{
    /// <summary>Sends the request; returns the successful response, or throws a classified <see cref="ProviderException"/> (the response is disposed).</summary>
    /// <param name="client">A client from <see cref="ProviderHttpClients.AddProviderHttpClient"/>.</param>
    /// <param name="request">The request (disposed by the caller).</param>
    /// <param name="provider">The provider's name for messages, e.g. <c>Replicate</c>.</param>
    /// <param name="isContentPolicy">Recognises content-policy refusals in error texts; <see cref="ContentPolicyText.Matches"/> by default.</param>
    /// <param name="cancellationToken">Cancels the call (not classified: the caller asked for it).</param>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpRequestMessage request, string provider, Func<string, bool>? isContentPolicy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException or IOException)
        {
            throw ProviderHttpErrors.FromTransport(ex, provider);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProviderHttpErrors.FromResponseAsync(response, provider, isContentPolicy, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the request and reads a JSON body; a body that does not parse is a retriable server error.</summary>
    public static async Task<T> SendJsonAsync<T>(
        HttpClient client, HttpRequestMessage request, string provider, JsonSerializerOptions? json = null, Func<string, bool>? isContentPolicy = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(client, request, provider, isContentPolicy, cancellationToken).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(json, cancellationToken).ConfigureAwait(false)
                ?? throw new ProviderException($"{provider} answered with an empty body.", ProviderErrorReason.ServerError);
        }
        catch (JsonException ex)
        {
            throw new ProviderException($"{provider} answered with malformed JSON.", ProviderErrorReason.ServerError, null, ex);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or IOException or TaskCanceledException)
        {
            throw ProviderHttpErrors.FromTransport(ex, provider);
        }
    }

    /// <summary>Downloads a URL's body to a file (outputs expire at the provider, so they are copied at once); absolute URLs are fetched as given.</summary>
    public static async Task DownloadAsync(HttpClient client, Uri url, string destinationPath, string provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await SendAsync(client, request, provider, null, cancellationToken).ConfigureAwait(false);
        string partial = destinationPath + ".part";
        try
        {
            await using (var target = File.Create(partial))
            {
                await response.Content.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, destinationPath, overwrite: true);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or IOException or TaskCanceledException)
        {
            File.Delete(partial);
            throw ProviderHttpErrors.FromTransport(ex, provider);
        }
    }
}
