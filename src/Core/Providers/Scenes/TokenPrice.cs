using System.Text.Json.Serialization;

namespace MusicVideo.Core.Providers.Scenes;

/// <summary>The token price of one LLM in US dollars per million tokens, optionally with a higher tier for long prompts (as Gemini Pro models bill).</summary>
public sealed record TokenPrice
{
    /// <summary>Gets US dollars per million input (prompt) tokens.</summary>
    [JsonPropertyName("input_per_million")]
    public decimal? InputPerMillion { get; init; }

    /// <summary>Gets US dollars per million output tokens (the answer and, for thinking models, the thoughts).</summary>
    [JsonPropertyName("output_per_million")]
    public decimal? OutputPerMillion { get; init; }

    /// <summary>Gets the prompt size in tokens above which the long-prompt prices apply.</summary>
    [JsonPropertyName("long_prompt_tokens")]
    public decimal? LongPromptTokens { get; init; }

    /// <summary>Gets US dollars per million input tokens of a prompt longer than <see cref="LongPromptTokens"/>.</summary>
    [JsonPropertyName("input_per_million_long")]
    public decimal? InputPerMillionLong { get; init; }

    /// <summary>Gets US dollars per million output tokens for a prompt longer than <see cref="LongPromptTokens"/>.</summary>
    [JsonPropertyName("output_per_million_long")]
    public decimal? OutputPerMillionLong { get; init; }
}
