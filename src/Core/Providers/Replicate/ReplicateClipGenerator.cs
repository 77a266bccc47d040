using System.Text.Json.Nodes;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Providers.Replicate;

/// <summary>Clips from a Replicate video model (<c>google/veo-3.1</c> by default): prompt, negative prompt, aspect ratio, duration, seed, audio, reference images.</summary>
/// <param name="predictions">The prediction life cycle.</param>
/// <param name="options">The Replicate settings.</param>
/// <param name="prices">The price table.</param>
/// <param name="referenceStore">
/// The media store whose presigned URLs carry character references to the model; null uploads them through the Files API instead.
/// </param>
public sealed class ReplicateClipGenerator(ReplicatePredictions predictions, ReplicateOptions options, ReplicatePriceTable prices, MediaStore? referenceStore = null)
    : ClipGenerator
{
    /// <inheritdoc />
    public override string Name => "replicate";

    /// <inheritdoc />
    public override string Model => options.VideoModel;

    /// <inheritdoc />
    public override TimeSpan PollInterval => options.PollInterval;

    /// <inheritdoc />
    public override bool ReadsReferencesFromStore => referenceStore is not null;

    /// <inheritdoc />
    public override TimeSpan? FirstPollDelay => options.FirstPollDelay;

    /// <inheritdoc />
    public override TimeSpan? CompletionEventWait => options.WebhooksEnabled ? options.WebhookWait : null;

    /// <summary>The seed's rules appended to every clip prompt (seed-system.md §2.4).</summary>
    public static string PromptWithRules(string prompt, string aspectRatio) =>
        $"{prompt}\n\n- No subtitles or camera directions.\n- The video should be in {aspectRatio} aspect ratio.\n- Keep it short, visual, simple, cinematic.";

    /// <inheritdoc />
    public override Task<ProviderJob> SubmitAsync(ClipRequest request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ProviderException("prompt must not be blank.", ProviderErrorReason.Validation);
        }

        if (!ClipRequest.AllowedDurations.Contains(request.DurationSeconds))
        {
            throw new ProviderException($"duration must be one of {string.Join(", ", ClipRequest.AllowedDurations)} seconds; got {request.DurationSeconds}.", ProviderErrorReason.Validation);
        }

        string model = request.Model ?? options.VideoModel;
        Uri? webhook = options.WebhooksEnabled && request.NotifyInstanceId is { Length: > 0 } instance
            ? ReplicateWebhooks.UrlFor(options.PublicBaseUrl!, instance)
            : null;
        return predictions.SubmitAsync(idempotencyKey, model, ct => this.InputAsync(request, model, ct), webhook, waitSeconds: null, cancellationToken);
    }

    /// <inheritdoc />
    public override Task<ProviderJobStatus> PollAsync(string jobId, CancellationToken cancellationToken = default) =>
        predictions.PollAsync(jobId, cancellationToken);

    /// <inheritdoc />
    public override Task FetchAsync(string jobId, string destinationPath, CancellationToken cancellationToken = default) =>
        predictions.FetchAsync(jobId, 0, destinationPath, cancellationToken);

    /// <inheritdoc />
    public override Task CancelAsync(IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken = default) =>
        predictions.CancelAsync(idempotencyKeys, cancellationToken);

    /// <inheritdoc />
    public override Task<string?> FindJobAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        predictions.Store.PredictionForKeyAsync(idempotencyKey, cancellationToken);

    /// <inheritdoc />
    public override async Task<decimal> CostAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var prediction = await predictions.ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
        double seconds = prediction.Input?["duration"] is JsonValue d && d.TryGetValue(out int duration) ? duration : 0;
        bool audio = prediction.Input?["generate_audio"] is not JsonValue a || !a.TryGetValue(out bool withAudio) || withAudio;
        return prices.CostOf(prediction.Model ?? options.VideoModel, prediction, seconds, audio);
    }

    async Task<JsonObject> InputAsync(ClipRequest request, string model, CancellationToken cancellationToken)
    {
        var input = new JsonObject
        {
            ["prompt"] = PromptWithRules(request.Prompt, request.AspectRatio),
            ["aspect_ratio"] = AspectRatios.Validate(request.AspectRatio),
            ["duration"] = request.DurationSeconds,
            ["generate_audio"] = request.GenerateAudio,
        };
        if (!string.IsNullOrWhiteSpace(request.NegativePrompt))
        {
            input["negative_prompt"] = request.NegativePrompt;
        }

        if (request.Seed is int seed)
        {
            input["seed"] = seed;
        }

        // Veo 3.1 takes reference images only for 16:9 clips of 8 s (R2V); for other shapes it would refuse the request, so the
        // clip is made from the prompt alone rather than failing the scene.
        bool referencesAllowed = !model.StartsWith("google/veo-3.1", StringComparison.OrdinalIgnoreCase)
            || (request.AspectRatio == AspectRatios.Landscape && request.DurationSeconds == 8);
        if (request.ReferenceImageId is { } referenceId && referenceStore is not null && referencesAllowed)
        {
            // Made now, at create time, and never kept in durable state: Replicate fetches it when the prediction starts
            // (within REPLICATE_CANCEL_AFTER_SECONDS), so the store's URL lifetime only has to outlast that.
            var link = await referenceStore.GetCloudLinkAsync(MediaKind.CharacterReference, referenceId, cancellationToken).ConfigureAwait(false)
                ?? throw new ProviderException("The character reference image is missing from storage.", ProviderErrorReason.Validation);
            input["reference_images"] = new JsonArray(link.Url.AbsoluteUri);
        }
        else if (request.ReferenceImagePath is { } reference && referencesAllowed)
        {
            if (!File.Exists(reference))
            {
                throw new ProviderException("The character reference image is missing from storage.", ProviderErrorReason.Validation);
            }

            string url = await predictions.Api.UploadFileAsync(reference, ContentTypeOf(reference), cancellationToken).ConfigureAwait(false);
            input["reference_images"] = new JsonArray(url);
        }

        return input;
    }

    static string ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        _ => "image/png",
    };
}
