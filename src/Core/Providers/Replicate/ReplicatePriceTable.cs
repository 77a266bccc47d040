namespace MusicVideo.Core.Providers.Replicate;

/// <summary>
/// What Replicate charges per model, to turn a prediction into <c>cost_usd</c>. The built-in prices are Replicate's list prices as shown on the model
/// pages when this was written (google/veo-3.1: $0.40 per second of video with audio, $0.20 without; google/imagen-4: $0.04 per image); prices change,
/// so production sets its own table with <c>REPLICATE_PRICES_FILE</c>. Models billed by hardware time use <c>per_predict_second</c> × <c>metrics.predict_time</c>.
/// </summary>
public sealed class ReplicatePriceTable
{
    readonly Dictionary<string, ReplicatePrice> _prices;

    /// <summary>Creates a table from prices per model id (<c>owner/name</c>, without a version).</summary>
    public ReplicatePriceTable(IReadOnlyDictionary<string, ReplicatePrice> prices) =>
        _prices = new Dictionary<string, ReplicatePrice>(prices ?? throw new ArgumentNullException(nameof(prices)), StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the built-in prices.</summary>
    public static ReplicatePriceTable Default { get; } = new(new Dictionary<string, ReplicatePrice>
    {
        ["google/veo-3.1"] = new() { PerVideoSecond = 0.40m, PerVideoSecondWithoutAudio = 0.20m },
        ["google/veo-3.1-fast"] = new() { PerVideoSecond = 0.15m, PerVideoSecondWithoutAudio = 0.10m },
        ["google/imagen-4"] = new() { PerOutput = 0.04m },
    });

    /// <summary>Reads a JSON file <c>{"owner/name": {"per_predict_second": 0.0014, "per_output": 0.04, "per_video_second": 0.4, "per_video_second_without_audio": 0.2}}</c>.</summary>
    /// <exception cref="ProviderSettingsException">The file is missing or not such a JSON object.</exception>
    public static ReplicatePriceTable FromFile(string path) =>
        new(PriceFiles.Read<ReplicatePrice>(
            "REPLICATE_PRICES_FILE", path, "{\"google/veo-3.1\": {\"per_video_second\": 0.4}}",
            p => [p.PerPredictSecond, p.PerOutput, p.PerVideoSecond, p.PerVideoSecondWithoutAudio]));

    /// <summary>The cost of one prediction of <paramref name="model"/>: its predict time, its outputs and its video seconds priced by the table; 0 for a model without a price.</summary>
    public decimal CostOf(string model, ReplicatePrediction prediction, double videoSeconds = 0, bool audio = true)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        string id = model.Split(':')[0];
        if (!_prices.TryGetValue(id, out var price))
        {
            return 0m;
        }

        decimal cost = 0m;
        if (price.PerPredictSecond is { } perSecond && prediction.Metrics?.PredictTime is { } predictTime)
        {
            cost += perSecond * (decimal)predictTime;
        }

        // Replicate does not charge outputs of failed or cancelled predictions.
        if (prediction.Status == "succeeded")
        {
            if (price.PerOutput is { } perOutput)
            {
                // Image models report the images they billed as metrics.image_count; otherwise every output file counts.
                int outputs = prediction.Metrics?.ImageCount ?? Math.Max(1, prediction.OutputUrls.Count);
                cost += perOutput * outputs;
            }

            decimal? perVideo = audio ? price.PerVideoSecond : price.PerVideoSecondWithoutAudio ?? price.PerVideoSecond;
            if (perVideo is { } pv && videoSeconds > 0)
            {
                cost += pv * (decimal)videoSeconds;
            }
        }

        return Math.Round(cost, 6);
    }
}
