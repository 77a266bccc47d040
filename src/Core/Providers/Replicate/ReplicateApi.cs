using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MusicVideo.Core.Providers.Http;

namespace MusicVideo.Core.Providers.Replicate;

/// <summary>The Replicate HTTP prediction API (anchors-and-providers.md §4.1): create, get, cancel, file upload and output download.</summary>
public sealed class ReplicateApi
{
    /// <summary>The named HTTP client of the API (bearer token, resilience pipeline).</summary>
    public const string ApiClientName = "replicate";

    /// <summary>The named HTTP client for output downloads (no token: outputs live on another host).</summary>
    public const string FilesClientName = "replicate-files";

    const string Provider = "Replicate";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly HttpClient _api;
    readonly HttpClient _files;
    readonly ReplicateOptions _options;

    /// <summary>Creates the API over its two clients.</summary>
    public ReplicateApi(IHttpClientFactory clients, ReplicateOptions options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _api = clients.CreateClient(ApiClientName);
        _files = clients.CreateClient(FilesClientName);
    }

    /// <summary>Creates a prediction (never retried after the request may have reached Replicate: creating is not idempotent).</summary>
    /// <param name="model"><c>owner/name</c> (official model, latest version) or <c>owner/name:version</c>.</param>
    /// <param name="input">The model's input.</param>
    /// <param name="webhook">Where Replicate posts the completed prediction, or null.</param>
    /// <param name="waitSeconds">Holds the request up to this long for the result (<c>Prefer: wait=N</c>), or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ReplicatePrediction> CreatePredictionAsync(
        string model, JsonObject input, Uri? webhook, int? waitSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        var body = new JsonObject { ["input"] = input };
        string path;
        int colon = model.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            path = "v1/predictions";
            body["version"] = model[(colon + 1)..];
        }
        else
        {
            path = $"v1/models/{model}/predictions";
        }

        if (webhook is not null)
        {
            body["webhook"] = webhook.ToString();
            body["webhook_events_filter"] = new JsonArray("completed");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.MarkNotIdempotent();
        request.Headers.Add("Cancel-After", ((int)_options.CancelAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s");
        if (waitSeconds is int wait)
        {
            request.Headers.Add("Prefer", "wait=" + Math.Clamp(wait, 1, 60).ToString(CultureInfo.InvariantCulture));
        }

        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a prediction.</summary>
    public async Task<ReplicatePrediction> GetPredictionAsync(string id, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/predictions/" + Uri.EscapeDataString(id));
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels a prediction (idempotent at Replicate: a finished one stays as it is).</summary>
    public async Task<ReplicatePrediction> CancelPredictionAsync(string id, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/predictions/" + Uri.EscapeDataString(id) + "/cancel");
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads a file with the Files API (<c>POST /v1/files</c>) and returns the URL a prediction input can name.</summary>
    public async Task<string> UploadFileAsync(string path, string contentType, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        using var content = new MultipartFormDataContent();
        var file = new StreamContent(stream);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "content", Path.GetFileName(path));
        // Uploading twice after a lost answer only stores a second copy (free, expires), so the upload may be retried.
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/files") { Content = content };
        var uploaded = await ProviderHttp.SendJsonAsync<JsonObject>(_api, request, Provider, Json, null, cancellationToken).ConfigureAwait(false);
        return uploaded["urls"]?["get"]?.GetValue<string>()
            ?? throw new ProviderException("Replicate's file upload answer has no urls.get.", ProviderErrorReason.ServerError);
    }

    /// <summary>Downloads an output file (outputs are deleted after an hour, so callers do this as soon as the prediction succeeded).</summary>
    public Task DownloadAsync(string url, string destinationPath, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ProviderException("Replicate returned an output that is not an http(s) URL.", ProviderErrorReason.ServerError);
        }

        return ProviderHttp.DownloadAsync(_files, uri, destinationPath, Provider, cancellationToken);
    }

    Task<ReplicatePrediction> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        ProviderHttp.SendJsonAsync<ReplicatePrediction>(_api, request, Provider, Json, null, cancellationToken);
}
