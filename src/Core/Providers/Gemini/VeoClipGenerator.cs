using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MusicVideo.Core.Providers.Http;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Providers.Gemini;

/// <summary>
/// Renders clips with Veo through the Gemini API: <c>models/{model}:predictLongRunning</c> → polling <c>GET v1beta/{operation}</c>
/// → downloading <c>generatedSamples[0].video.uri</c> with the key. The operation name is recorded per idempotency key under
/// <c>{workDirectory}/veo-operations/</c> before the submit returns, so a redelivered submit never starts a second generation.
/// </summary>
public sealed class VeoClipGenerator : ClipGenerator
{
    readonly GeminiApi _api;
    readonly string _root;
    readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>Creates the generator over an HTTP client and a folder for the key → operation records.</summary>
    public VeoClipGenerator(HttpClient http, GeminiOptions options, string workDirectory)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(workDirectory);
        _api = new GeminiApi(http, options);
        _root = Path.Combine(Path.GetFullPath(workDirectory), "veo-operations");
        Directory.CreateDirectory(_root);
    }

    /// <inheritdoc />
    public override string Name => "veo";

    /// <inheritdoc />
    public override string Model => _api.Options.VeoModel;

    /// <inheritdoc />
    public override TimeSpan PollInterval => _api.Options.VeoPollInterval;

    /// <summary>The aspect ratios Veo renders.</summary>
    public static IReadOnlyList<string> SupportedAspectRatios { get; } = [AspectRatios.Landscape, AspectRatios.Portrait];

    /// <inheritdoc />
    public override async Task<ProviderJob> SubmitAsync(ClipRequest request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var body = await RequestBodyAsync(request, _api.Options, cancellationToken).ConfigureAwait(false);
        var jobId = JobIdFor(idempotencyKey);
        var gate = _locks.GetOrAdd(jobId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (record?.Canceled == true && record.Operation is null)
            {
                throw new ProviderException("The clip was canceled before Veo was asked for it.", ProviderErrorReason.Canceled);
            }

            if (record?.Operation is not null)
            {
                return new ProviderJob(jobId, IsNew: false);
            }

            var model = request.Model ?? Model;
            var started = await _api.PostAsync(
                "models/" + Uri.EscapeDataString(model) + ":predictLongRunning", body, createsJob: true, cancellationToken).ConfigureAwait(false);
            var name = started["name"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(name) || !IsOperationName(name))
            {
                throw new ProviderException("Veo accepted the video request but returned no operation name.", ProviderErrorReason.ServerError);
            }

            // Written right after the create: a crash before this line is the one window in which a retry can start a second generation.
            int seconds = body["parameters"]?["durationSeconds"]?.GetValue<int>() ?? request.DurationSeconds;
            await WriteAsync(jobId, new OperationRecord(idempotencyKey, name, model, Canceled: false, seconds), CancellationToken.None).ConfigureAwait(false);
            return new ProviderJob(jobId, IsNew: true);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public override async Task<ProviderJobStatus> PollAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var record = await RequireAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (record.Canceled)
        {
            return ProviderJobStatus.Failed("The clip was canceled.", ProviderErrorReason.Canceled);
        }

        var operation = await _api.GetAsync(record.Operation!, cancellationToken).ConfigureAwait(false);
        return StatusOf(operation);
    }

    /// <inheritdoc />
    public override async Task<string?> FindJobAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        string jobId = JobIdFor(idempotencyKey);
        return (await ReadAsync(jobId, cancellationToken).ConfigureAwait(false))?.Operation is null ? null : jobId;
    }

    /// <inheritdoc />
    /// <remarks>Seconds of video made × the price per second; Google charges nothing for a generation that failed or was filtered.</remarks>
    public override async Task<decimal> CostAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var record = await ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (record?.Operation is null || record.DurationSeconds is not { } seconds)
        {
            return 0m;
        }

        var operation = await _api.GetAsync(record.Operation, cancellationToken).ConfigureAwait(false);
        return VideoUri(operation) is null ? 0m : seconds * _api.Options.VeoSecondPrice;
    }

    /// <inheritdoc />
    public override async Task FetchAsync(string jobId, string destinationPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        var record = await RequireAsync(jobId, cancellationToken).ConfigureAwait(false);
        var operation = await _api.GetAsync(record.Operation!, cancellationToken).ConfigureAwait(false);
        var status = StatusOf(operation);
        if (status.State != ProviderJobState.Succeeded)
        {
            throw new ProviderException($"The Veo clip is not ready to download ({status.State}).", ProviderErrorReason.Validation);
        }

        var uri = VideoUri(operation)!;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        // The key goes only to Google's own host (Files API downloads need it); a redirect target elsewhere gets no key.
        if (Uri.Compare(uri, _api.Options.BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            request.Headers.Add(GeminiApi.ApiKeyHeader, _api.Options.ApiKey);
        }

        using var response = await _api.SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        var temp = destinationPath + ".part";
        try
        {
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, destinationPath, overwrite: true);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or IOException or TaskCanceledException)
        {
            AtomicFile.TryDelete(temp);
            throw ProviderHttpErrors.FromTransport(ex, "Gemini (the Veo clip download)");
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Marks the clips canceled, so a submit that has not happened yet never starts, and asks Google to cancel the running
    /// operations (<c>POST v1beta/{operation}:cancel</c>, the long-running operations method). Where the API does not cancel an
    /// operation, it runs to its end at Google and its result is never downloaded; either way nothing more is waited for.
    /// </summary>
    public override async Task CancelAsync(IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKeys);
        var running = new List<string>();
        foreach (var key in idempotencyKeys)
        {
            var jobId = JobIdFor(key);
            var gate = _locks.GetOrAdd(jobId, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var record = await ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
                await WriteAsync(jobId, (record ?? new OperationRecord(key, null, Model, false)) with { Canceled = true }, cancellationToken).ConfigureAwait(false);
                if (record?.Operation is { } name)
                {
                    running.Add(name);
                }
            }
            finally
            {
                gate.Release();
            }
        }

        foreach (var name in running)
        {
            try
            {
                var operation = await _api.GetAsync(name, cancellationToken).ConfigureAwait(false);
                if (operation["done"]?.GetValue<bool>() == true)
                {
                    continue;
                }

                await _api.PostAsync(name + ":cancel", new JsonObject(), createsJob: false, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException)
            {
                // Cancelling is best effort: the clip is already marked canceled here and is never fetched.
            }
        }
    }

    /// <inheritdoc />
    public override Task DeleteJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        AtomicFile.TryDelete(RecordPath(jobId));
        return Task.CompletedTask;
    }

    /// <summary>The <c>predictLongRunning</c> body for a clip (public for tests of the wire format).</summary>
    public static async Task<JsonObject> RequestBodyAsync(ClipRequest request, GeminiOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ProviderException("prompt must not be blank.", ProviderErrorReason.Validation);
        }

        if (!SupportedAspectRatios.Contains(request.AspectRatio))
        {
            throw new ProviderException(
                $"Veo makes {string.Join(" or ", SupportedAspectRatios)} clips; aspect_ratio {request.AspectRatio} is not supported by VIDEO_PROVIDER=veo.",
                ProviderErrorReason.Validation);
        }

        if (!ClipRequest.AllowedDurations.Contains(request.DurationSeconds))
        {
            throw new ProviderException(
                $"duration {request.DurationSeconds} s is not supported; use one of {string.Join(", ", ClipRequest.AllowedDurations)} seconds.",
                ProviderErrorReason.Validation);
        }

        var instance = new JsonObject { ["prompt"] = WithSeedRules(request.Prompt, request.AspectRatio) };
        var duration = request.DurationSeconds;
        if (request.ReferenceImagePath is { } reference)
        {
            if (!File.Exists(reference))
            {
                throw new ProviderException("The character reference image is missing from the media store.", ProviderErrorReason.Validation);
            }

            var bytes = await File.ReadAllBytesAsync(reference, cancellationToken).ConfigureAwait(false);
            instance["referenceImages"] = new JsonArray(new JsonObject
            {
                ["image"] = new JsonObject { ["bytesBase64Encoded"] = Convert.ToBase64String(bytes), ["mimeType"] = MimeTypeOf(bytes) },
                ["referenceType"] = "asset",
            });

            // Veo 3.1 renders reference-image clips at 8 s only; the measured length is what the job records.
            duration = 8;
        }

        var parameters = new JsonObject
        {
            ["aspectRatio"] = request.AspectRatio,
            ["durationSeconds"] = duration,
            ["resolution"] = options.VeoResolution,
            ["numberOfVideos"] = 1,
            ["personGeneration"] = options.VeoPersonGeneration ?? (request.ReferenceImagePath is null ? "allow_all" : "allow_adult"),
        };
        if (!string.IsNullOrWhiteSpace(request.NegativePrompt))
        {
            parameters["negativePrompt"] = request.NegativePrompt;
        }

        if (request.Seed is { } seed)
        {
            parameters["seed"] = seed;
        }

        return new JsonObject { ["instances"] = new JsonArray(instance), ["parameters"] = parameters };
    }

    /// <summary>The seed's rules appended to every video prompt (<c>image_params.yaml</c> <c>rules_template</c>).</summary>
    public static string WithSeedRules(string prompt, string aspectRatio) =>
        prompt.TrimEnd() + "\n\n- No subtitles or camera directions.\n- The video should be in " + aspectRatio +
        " aspect ratio.\n- Keep it short, visual, simple, cinematic.";

    /// <summary>Reads an operation: running, succeeded with a video, or failed with its error or safety filter in words.</summary>
    internal static ProviderJobStatus StatusOf(JsonObject operation)
    {
        if (operation["done"]?.GetValue<bool>() != true)
        {
            return new ProviderJobStatus(ProviderJobState.Running);
        }

        if (operation["error"] is JsonObject error)
        {
            var code = error["code"]?.GetValue<int>() ?? 2;
            var message = error["message"]?.GetValue<string>() ?? "no reason given";
            var reason = GeminiSafety.LooksLikeSafetyRefusal(message) ? ProviderErrorReason.ContentPolicy : ClassifyRpcCode(code);
            return ProviderJobStatus.Failed("Veo failed: " + Clip(message), reason);
        }

        var video = operation["response"]?["generateVideoResponse"];
        if (VideoUri(operation) is not null)
        {
            return new ProviderJobStatus(ProviderJobState.Succeeded, Progress: 1);
        }

        var filtered = video?["raiMediaFilteredCount"]?.GetValue<int>() ?? 0;
        if (filtered > 0 || video?["raiMediaFilteredReasons"] is JsonArray { Count: > 0 })
        {
            var reasons = video?["raiMediaFilteredReasons"] is JsonArray list
                ? string.Join(" ", list.Select(r => r?.GetValue<string>()).Where(r => !string.IsNullOrWhiteSpace(r)))
                : string.Empty;
            return ProviderJobStatus.Failed(
                "Veo's safety filters blocked this scene" + (reasons.Length > 0 ? ": " + Clip(reasons) : ".") + " Rewrite the scene prompt.",
                ProviderErrorReason.ContentPolicy);
        }

        return ProviderJobStatus.Failed("Veo finished without a video.", ProviderErrorReason.ServerError);
    }

    /// <summary>Classifies a <c>google.rpc.Code</c> of an operation error.</summary>
    internal static ProviderErrorReason ClassifyRpcCode(int code) => code switch
    {
        1 => ProviderErrorReason.Canceled,
        3 or 5 or 9 or 11 or 12 => ProviderErrorReason.Validation,
        4 => ProviderErrorReason.Timeout,
        7 or 16 => ProviderErrorReason.Authentication,
        8 => ProviderErrorReason.RateLimited,
        _ => ProviderErrorReason.ServerError,
    };

    static Uri? VideoUri(JsonObject operation) =>
        operation["response"]?["generateVideoResponse"]?["generatedSamples"] is JsonArray { Count: > 0 } samples
        && samples[0]?["video"]?["uri"]?.GetValue<string>() is { Length: > 0 } text
        && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : null;

    static string MimeTypeOf(byte[] bytes) => bytes switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0xFF, 0xD8, ..] => "image/jpeg",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => throw new ProviderException("The character reference is not a PNG, JPEG or WebP image, which Veo needs.", ProviderErrorReason.Validation),
    };

    static bool IsOperationName(string name) =>
        name.Length <= 500 && !name.Contains("..", StringComparison.Ordinal) && !name.StartsWith('/') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.');

    static string JobIdFor(string idempotencyKey) =>
        "veo-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32];

    string RecordPath(string jobId)
    {
        if (!jobId.StartsWith("veo-", StringComparison.Ordinal) || jobId.Length != 36 || !jobId[4..].All(char.IsAsciiHexDigitLower))
        {
            throw new ProviderException($"'{jobId}' is not a Veo job id.", ProviderErrorReason.Validation);
        }

        return Path.Combine(_root, jobId + ".json");
    }

    async Task<OperationRecord?> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        var path = RecordPath(jobId);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<OperationRecord>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false))
            : null;
    }

    async Task<OperationRecord> RequireAsync(string jobId, CancellationToken cancellationToken)
    {
        var record = await ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
        return record?.Operation is not null || record?.Canceled == true
            ? record
            : throw new ProviderException($"No Veo operation is recorded for job {jobId}.", ProviderErrorReason.Validation);
    }

    Task WriteAsync(string jobId, OperationRecord record, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(RecordPath(jobId), JsonSerializer.Serialize(record), cancellationToken);

    static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";

    sealed record OperationRecord(string IdempotencyKey, string? Operation, string Model, bool Canceled, int? DurationSeconds = null);
}
