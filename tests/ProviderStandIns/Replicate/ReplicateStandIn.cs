using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace MusicVideo.ProviderStandIns.Replicate;

/// <summary>
/// A stand-in for Replicate's HTTP prediction API (anchors-and-providers.md §4.1): create (official model or version), get, cancel, file upload,
/// outputs (real PNG/MP4 bytes), <c>Prefer: wait</c>, completion webhooks signed the Standard Webhooks way (on time, late, twice, never, badly signed),
/// and the base's fault plan. A prediction completes <see cref="Latency"/> after it is created.
/// </summary>
public sealed class ReplicateStandIn : StandInServer
{
    /// <summary>The text of Replicate's safety refusal.</summary>
    public const string ContentPolicyError = "The input or output was flagged as sensitive. Please try again with different inputs. (E005)";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly ConcurrentDictionary<string, StandInPrediction> _predictions = new();
    readonly ConcurrentDictionary<string, byte[]> _files = new();
    readonly ConcurrentBag<Task> _background = [];
    readonly CancellationTokenSource _stopping = new();
    readonly HttpClient _webhookClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    readonly HttpClient _inputClient = new() { Timeout = TimeSpan.FromSeconds(30) };
    int _sequence;

    /// <summary>Creates the stand-in.</summary>
    /// <param name="apiToken">The token requests must carry as <c>Authorization: Bearer</c>.</param>
    /// <param name="webhookSecret">The <c>whsec_…</c> secret webhooks are signed with.</param>
    public ReplicateStandIn(string apiToken = "r8_standintoken000000000000000000", string webhookSecret = "whsec_c3RhbmQtaW4tc2VjcmV0LWZvci10ZXN0cw==")
    {
        ApiToken = apiToken;
        WebhookSecret = webhookSecret;
    }

    /// <summary>Gets the accepted API token.</summary>
    public string ApiToken { get; }

    /// <summary>Gets the webhook signing secret.</summary>
    public string WebhookSecret { get; }

    /// <summary>Gets or sets how long a prediction takes from create to completion.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the model time billed per prediction (<c>metrics.predict_time</c>); null: the real elapsed time.</summary>
    public Func<StandInPrediction, double>? PredictTime { get; set; }

    /// <summary>Gets or sets how completion webhooks are delivered.</summary>
    public WebhookDelivery Webhooks { get; set; } = WebhookDelivery.OnTime;

    /// <summary>Gets or sets the delay of <see cref="WebhookDelivery.Late"/> deliveries.</summary>
    public TimeSpan WebhookDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets whether a clip prediction's output lasts the input's <c>duration</c> (4, 6 or 8 s, audio at 48 kHz as Veo
    /// writes it) instead of the default 4 s clip; the pipeline benchmark turns it on so its stitch sees what a real job gets.
    /// </summary>
    public bool ServeRequestedDuration { get; set; }

    /// <summary>Gets or sets a prompt text that makes predictions fail with the safety refusal (besides the fault plan's content-policy rules).</summary>
    public string? ContentPolicyPrompt { get; set; }

    /// <summary>Gets every prediction created so far.</summary>
    public IReadOnlyCollection<StandInPrediction> Predictions => [.. _predictions.Values.OrderBy(p => p.CreatedAt)];

    /// <summary>Gets the downloads of <c>reference_images</c> URLs that are not the stand-in's own files (presigned URLs of the caller's store).</summary>
    public ConcurrentQueue<ReferenceFetch> ReferenceFetches { get; } = new();

    /// <summary>Gets the webhook deliveries attempted: (prediction id, webhook-id, answer status).</summary>
    public ConcurrentQueue<(string PredictionId, string WebhookId, int Status)> WebhookDeliveries { get; } = new();

    /// <inheritdoc />
    protected override string ProviderName => "Replicate";

    /// <inheritdoc />
    protected override void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/v1/models/{owner}/{name}/predictions", (HttpContext http, string owner, string name) => this.CreateAsync(http, $"{owner}/{name}", null));
        app.MapPost("/v1/predictions", (Func<HttpContext, Task<IResult>>)this.CreateByVersionAsync);
        app.MapGet("/v1/predictions/{id}", (HttpContext http, string id) => this.GetAsync(http, id));
        app.MapPost("/v1/predictions/{id}/cancel", (HttpContext http, string id) => this.CancelAsync(http, id));
        app.MapPost("/v1/files", (Func<HttpContext, Task<IResult>>)this.UploadAsync);
        app.MapGet("/v1/files/{id}/download", (string id) => _files.TryGetValue(id, out var bytes) ? Results.Bytes(bytes, "application/octet-stream") : Results.NotFound());
        app.MapGet("/output/{id}/{file}", this.OutputAsync);
    }

    /// <inheritdoc />
    protected override async ValueTask OnStoppingAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_background).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _webhookClient.Dispose();
        _inputClient.Dispose();
    }

    /// <summary>Signs a webhook payload as Replicate does (for tests that post their own deliveries).</summary>
    public static (string Id, string Timestamp, string Signature) Sign(string secret, string payload, string? webhookId = null, DateTimeOffset? at = null)
    {
        string id = webhookId ?? "msg_" + Guid.NewGuid().ToString("N");
        var when = at ?? DateTimeOffset.UtcNow;
        string signature = new StandardWebhook(secret).Sign(id, when, payload);
        return (id, when.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), signature);
    }

    /// <summary>The prediction object as Replicate serialises it.</summary>
    public JsonObject ToJson(StandInPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var json = new JsonObject
        {
            ["id"] = prediction.Id,
            ["model"] = prediction.Model,
            ["version"] = prediction.Version ?? "standin0000000000000000000000000000000000000000000000000000000000",
            ["input"] = prediction.Input.DeepClone(),
            ["logs"] = string.Empty,
            ["output"] = null,
            ["data_removed"] = false,
            ["error"] = prediction.Error,
            ["status"] = prediction.Status,
            ["created_at"] = prediction.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["urls"] = new JsonObject
            {
                ["get"] = new Uri(BaseUrl, "v1/predictions/" + prediction.Id).ToString(),
                ["cancel"] = new Uri(BaseUrl, "v1/predictions/" + prediction.Id + "/cancel").ToString(),
            },
        };
        if (prediction.Status == "succeeded")
        {
            string file = IsImageModel(prediction.Model) ? "0.png" : "0.mp4";
            string url = new Uri(BaseUrl, $"output/{prediction.Id}/{file}").ToString();
            json["output"] = url;
        }

        if (prediction.CompletedAt is { } done)
        {
            json["completed_at"] = done.ToString("O", CultureInfo.InvariantCulture);
            json["metrics"] = new JsonObject { ["predict_time"] = prediction.PredictTime, ["total_time"] = (done - prediction.CreatedAt).TotalSeconds };
            if (prediction.Status == "succeeded" && IsImageModel(prediction.Model))
            {
                // Replicate's image models that bill per image report the images they made.
                json["metrics"]!["image_count"] = 1;
            }
        }

        return json;
    }

    static bool IsImageModel(string model) => model.Contains("imagen", StringComparison.OrdinalIgnoreCase) || model.Contains("image", StringComparison.OrdinalIgnoreCase);

    bool Authorized(HttpContext http) => http.Request.Headers.Authorization.ToString() == "Bearer " + ApiToken;

    static IResult Detail(int status, string detail) => Results.Json(new { detail, status }, statusCode: status);

    async Task<IResult> CreateByVersionAsync(HttpContext http)
    {
        var body = await ReadJsonAsync(http).ConfigureAwait(false);
        string? version = body?["version"]?.GetValue<string>();
        return string.IsNullOrEmpty(version) ? Detail(422, "version is required") : await this.CreateAsync(http, "community/" + version[..Math.Min(8, version.Length)], version, body).ConfigureAwait(false);
    }

    async Task<IResult> CreateAsync(HttpContext http, string model, string? version, JsonObject? body = null)
    {
        if (!Authorized(http))
        {
            return Detail(401, "You did not pass a valid authentication token");
        }

        body ??= await ReadJsonAsync(http).ConfigureAwait(false);
        if (body?["input"] is not JsonObject input)
        {
            return Detail(422, "input is required and must be an object");
        }

        if (input["prompt"] is not JsonValue prompt || string.IsNullOrWhiteSpace(prompt.GetValue<string>()))
        {
            return Detail(422, "input.prompt is required");
        }

        var prediction = new StandInPrediction
        {
            Id = $"sp{Interlocked.Increment(ref _sequence):D4}{Guid.NewGuid():N}"[..26],
            Model = model,
            Version = version,
            Input = (JsonObject)input.DeepClone(),
            Webhook = body["webhook"]?.GetValue<string>(),
        };
        bool refused = http.Items.ContainsKey(ContentPolicyItem)
            || (ContentPolicyPrompt is { } bad && prompt.GetValue<string>().Contains(bad, StringComparison.OrdinalIgnoreCase));
        _predictions[prediction.Id] = prediction;
        _background.Add(Task.Run(() => this.RunAsync(prediction, refused)));

        if (ParseWait(http.Request.Headers["Prefer"].ToString()) is { } wait)
        {
            await Task.WhenAny(prediction.Completed.Task, Task.Delay(wait, http.RequestAborted)).ConfigureAwait(false);
        }

        return Results.Json(this.ToJson(prediction), statusCode: 201);
    }

    IResult GetAsync(HttpContext http, string id)
    {
        if (!Authorized(http))
        {
            return Detail(401, "You did not pass a valid authentication token");
        }

        return _predictions.TryGetValue(id, out var prediction) ? Results.Json(this.ToJson(prediction)) : Detail(404, "Not found.");
    }

    IResult CancelAsync(HttpContext http, string id)
    {
        if (!Authorized(http))
        {
            return Detail(401, "You did not pass a valid authentication token");
        }

        if (!_predictions.TryGetValue(id, out var prediction))
        {
            return Detail(404, "Not found.");
        }

        lock (prediction)
        {
            if (!prediction.IsTerminal)
            {
                prediction.Status = "canceled";
                prediction.CompletedAt = DateTimeOffset.UtcNow;
                prediction.PredictTime = (prediction.CompletedAt.Value - prediction.CreatedAt).TotalSeconds;
                prediction.Completed.TrySetResult();
            }
        }

        return Results.Json(this.ToJson(prediction));
    }

    async Task<IResult> UploadAsync(HttpContext http)
    {
        if (!Authorized(http))
        {
            return Detail(401, "You did not pass a valid authentication token");
        }

        if (!http.Request.HasFormContentType)
        {
            return Detail(400, "multipart/form-data with a 'content' file is required");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        if (form.Files["content"] is not { } file)
        {
            return Detail(400, "the 'content' file is required");
        }

        using var memory = new MemoryStream();
        await file.CopyToAsync(memory, http.RequestAborted).ConfigureAwait(false);
        string id = Guid.NewGuid().ToString("N");
        _files[id] = memory.ToArray();
        return Results.Json(new
        {
            id,
            name = file.FileName,
            content_type = file.ContentType,
            size = memory.Length,
            urls = new { get = new Uri(BaseUrl, $"v1/files/{id}/download").ToString() },
        }, statusCode: 201);
    }

    async Task<IResult> OutputAsync(string id, string file)
    {
        if (!_predictions.TryGetValue(id, out var prediction) || prediction.Status != "succeeded")
        {
            return Results.NotFound();
        }

        if (file.EndsWith(".png", StringComparison.Ordinal))
        {
            return Results.Bytes(await StandInMedia.PngAsync().ConfigureAwait(false), "image/png");
        }

        int? seconds = ServeRequestedDuration && prediction.Input["duration"] is JsonValue d && d.TryGetValue(out int asked) && asked is 4 or 6 or 8 ? asked : null;
        return Results.Bytes(await (seconds is { } s ? StandInMedia.Mp4Async(s) : StandInMedia.Mp4Async()).ConfigureAwait(false), "video/mp4");
    }

    async Task RunAsync(StandInPrediction prediction, bool refused)
    {
        var token = _stopping.Token;
        try
        {
            await Task.Delay(TimeSpan.FromTicks(Latency.Ticks / 10), token).ConfigureAwait(false);
            lock (prediction)
            {
                if (prediction.IsTerminal)
                {
                    return;
                }

                prediction.Status = "processing";
            }

            // Like Replicate, URL inputs are downloaded when the prediction starts; one that cannot be fetched fails it.
            string? inputError = refused ? null : await this.FetchReferencesAsync(prediction, token).ConfigureAwait(false);

            await Task.Delay(Latency - TimeSpan.FromTicks(Latency.Ticks / 10), token).ConfigureAwait(false);
            lock (prediction)
            {
                if (prediction.IsTerminal)
                {
                    return;
                }

                prediction.CompletedAt = DateTimeOffset.UtcNow;
                prediction.PredictTime = PredictTime?.Invoke(prediction) ?? Math.Round((prediction.CompletedAt.Value - prediction.CreatedAt).TotalSeconds, 3);
                if (refused || inputError is not null)
                {
                    prediction.Status = "failed";
                    prediction.Error = inputError ?? ContentPolicyError;
                }
                else
                {
                    prediction.Status = "succeeded";
                }

                prediction.Completed.TrySetResult();
            }

            await this.DeliverWebhookAsync(prediction, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    async Task<string?> FetchReferencesAsync(StandInPrediction prediction, CancellationToken token)
    {
        if (prediction.Input["reference_images"] is not JsonArray references)
        {
            return null;
        }

        for (int i = 0; i < references.Count; i++)
        {
            string? url = references[i] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            if (url is null || url.StartsWith(BaseUrl.ToString(), StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                // Anonymous, as Replicate's workers fetch: the URL itself must grant access.
                using var response = await _inputClient.GetAsync(new Uri(url), token).ConfigureAwait(false);
                byte[] bytes = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                ReferenceFetches.Enqueue(new ReferenceFetch(prediction.Id, url, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, bytes));
                if (!response.IsSuccessStatusCode)
                {
                    return $"Failed to download reference_images[{i}]: HTTP {(int)response.StatusCode}.";
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException && !token.IsCancellationRequested)
            {
                ReferenceFetches.Enqueue(new ReferenceFetch(prediction.Id, url, 0, null, []));
                return $"Failed to download reference_images[{i}].";
            }
        }

        return null;
    }

    async Task DeliverWebhookAsync(StandInPrediction prediction, CancellationToken token)
    {
        if (prediction.Webhook is not { } url || Webhooks == WebhookDelivery.Never)
        {
            return;
        }

        if (Webhooks == WebhookDelivery.Late)
        {
            await Task.Delay(WebhookDelay, token).ConfigureAwait(false);
        }

        string payload = this.ToJson(prediction).ToJsonString(Json);
        string secret = Webhooks == WebhookDelivery.BadSignature ? "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("not-the-secret-at-all")) : WebhookSecret;
        string webhookId = "msg_" + prediction.Id;
        int deliveries = Webhooks == WebhookDelivery.Twice ? 2 : 1;
        for (int i = 0; i < deliveries; i++)
        {
            var (id, timestamp, signature) = Sign(secret, payload, webhookId);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp);
            request.Headers.Add("webhook-signature", signature);
            int status;
            try
            {
                using var response = await _webhookClient.SendAsync(request, token).ConfigureAwait(false);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }

            WebhookDeliveries.Enqueue((prediction.Id, id, status));
        }
    }

    static TimeSpan? ParseWait(string prefer)
    {
        if (string.IsNullOrEmpty(prefer) || !prefer.StartsWith("wait", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        int eq = prefer.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && int.TryParse(prefer[(eq + 1)..], out int seconds) ? TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 60)) : TimeSpan.FromSeconds(60);
    }

    static async Task<JsonObject?> ReadJsonAsync(HttpContext http)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonObject>(http.Request.Body, Json, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
