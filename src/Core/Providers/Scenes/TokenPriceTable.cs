namespace MusicVideo.Core.Providers.Scenes;

/// <summary>
/// What an LLM charges per token, to turn a scene plan's token usage into <c>cost_usd</c>. The built-in prices are Google's Gemini API
/// list prices (paid tier, https://ai.google.dev/gemini-api/docs/pricing, as shown in 2025 when this was written): gemini-2.5-pro
/// $1.25 per 1M input tokens and $10.00 per 1M output tokens (thinking included) for prompts up to 200k tokens, $2.50 / $15.00 above;
/// gemini-2.5-flash $0.30 / $2.50. Other models, such as a local LLM behind the OpenAI-compatible writer, cost nothing unless priced:
/// prices change, so production sets its own table with <c>SCENE_PRICES_FILE</c>.
/// </summary>
public sealed class TokenPriceTable
{
    /// <summary>The setting that names a price file.</summary>
    public const string FileVariable = "SCENE_PRICES_FILE";

    readonly Dictionary<string, TokenPrice> _prices;

    /// <summary>Creates a table from prices per model name (as sent to the API, e.g. <c>gemini-2.5-pro</c>).</summary>
    public TokenPriceTable(IReadOnlyDictionary<string, TokenPrice> prices) =>
        _prices = new Dictionary<string, TokenPrice>(prices ?? throw new ArgumentNullException(nameof(prices)), StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the built-in prices.</summary>
    public static TokenPriceTable Default { get; } = new(new Dictionary<string, TokenPrice>
    {
        ["gemini-2.5-pro"] = new() { InputPerMillion = 1.25m, OutputPerMillion = 10.00m, LongPromptTokens = 200_000, InputPerMillionLong = 2.50m, OutputPerMillionLong = 15.00m },
        ["gemini-2.5-flash"] = new() { InputPerMillion = 0.30m, OutputPerMillion = 2.50m },
    });

    /// <summary>Reads a JSON file <c>{"model": {"input_per_million": 1.25, "output_per_million": 10, "long_prompt_tokens": 200000, "input_per_million_long": 2.5, "output_per_million_long": 15}}</c>.</summary>
    /// <exception cref="ProviderSettingsException">The file is missing, unreadable or not such a JSON object; the message names <see cref="FileVariable"/>.</exception>
    public static TokenPriceTable FromFile(string path) =>
        new(PriceFiles.Read<TokenPrice>(
            FileVariable, path, "{\"gemini-2.5-pro\": {\"input_per_million\": 1.25, \"output_per_million\": 10}}",
            p => [p.InputPerMillion, p.OutputPerMillion, p.InputPerMillionLong, p.OutputPerMillionLong, p.LongPromptTokens]));

    /// <summary>The cost of one model call that used <paramref name="usage"/>; 0 for a model without a price.</summary>
    public decimal CostOf(string model, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        string name = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
        if (!_prices.TryGetValue(name, out var price))
        {
            return 0m;
        }

        bool longPrompt = price.LongPromptTokens is { } threshold && usage.InputTokens > threshold;
        decimal input = (longPrompt ? price.InputPerMillionLong : null) ?? price.InputPerMillion ?? 0m;
        decimal output = (longPrompt ? price.OutputPerMillionLong : null) ?? price.OutputPerMillion ?? 0m;
        return Math.Round(((input * usage.InputTokens) + (output * usage.OutputTokens)) / 1_000_000m, 6);
    }
}
