using System.Text.Json.Nodes;

namespace MusicVideo.Core.Providers.Replicate;

/// <summary>Character reference images from a Replicate image model (<c>google/imagen-4</c> by default); one prediction per image, like the seed.</summary>
public sealed class ReplicateImageGenerator(ReplicatePredictions predictions, ReplicateOptions options, ReplicatePriceTable prices) : ImageGenerator
{
    /// <summary>Imagen 4 usually answers within this, so the create call carries <c>Prefer: wait</c> and the first poll is skipped.</summary>
    const int CreateWaitSeconds = 30;

    /// <inheritdoc />
    public override string Name => "replicate";

    /// <inheritdoc />
    public override string Model => options.ImageModel;

    /// <inheritdoc />
    public override TimeSpan PollInterval => TimeSpan.FromSeconds(Math.Min(3, options.PollInterval.TotalSeconds));

    /// <summary>The seed's prompt for a character reference (seed-system.md §2.3).</summary>
    public static string PromptFor(string characterDescription) =>
        $"A full-body character reference image of {characterDescription}. Clear, well-lit, neutral background, professional quality, detailed features, front-facing view.";

    /// <inheritdoc />
    public override Task<ProviderJob> SubmitAsync(ImageRequest request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.CharacterDescription))
        {
            throw new ProviderException("character_description must not be blank.", ProviderErrorReason.Validation);
        }

        var input = new JsonObject
        {
            ["prompt"] = PromptFor(request.CharacterDescription),
            ["aspect_ratio"] = AspectRatios.Validate(request.AspectRatio),
            ["safety_filter_level"] = "block_medium_and_above",
            ["output_format"] = "png",
        };
        if (!string.IsNullOrWhiteSpace(request.NegativePrompt))
        {
            input["negative_prompt"] = request.NegativePrompt;
        }

        if (request.Seed is int seed)
        {
            // The caller already gives image i of a batch seed + i (like the seed service).
            input["seed"] = seed;
        }

        return predictions.SubmitAsync(idempotencyKey, request.Model ?? options.ImageModel, _ => Task.FromResult(input), null, CreateWaitSeconds, cancellationToken);
    }

    /// <inheritdoc />
    public override Task<ProviderJobStatus> PollAsync(string jobId, CancellationToken cancellationToken = default) =>
        predictions.PollAsync(jobId, cancellationToken);

    /// <inheritdoc />
    public override Task FetchAsync(string jobId, string destinationPath, CancellationToken cancellationToken = default) =>
        predictions.FetchAsync(jobId, 0, destinationPath, cancellationToken);

    /// <inheritdoc />
    public override async Task<decimal> CostAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var prediction = await predictions.ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
        return prices.CostOf(prediction.Model ?? options.ImageModel, prediction);
    }

    /// <inheritdoc />
    public override Task CancelAsync(IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken = default) =>
        predictions.CancelAsync(idempotencyKeys, cancellationToken);
}
