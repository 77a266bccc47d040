using System.Text.Json.Serialization;

namespace MusicVideo.Core.Providers.Scenes;

/// <summary>The tokens LLM calls used, as the API reported them.</summary>
/// <param name="InputTokens">Prompt tokens (Gemini <c>promptTokenCount</c>, OpenAI <c>prompt_tokens</c>).</param>
/// <param name="OutputTokens">Billed output tokens: the answer plus any thoughts (Gemini <c>candidatesTokenCount</c> + <c>thoughtsTokenCount</c>, OpenAI <c>completion_tokens</c>).</param>
/// <param name="Calls">How many model calls the figures cover.</param>
public sealed record TokenUsage(
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("output_tokens")] long OutputTokens,
    [property: JsonPropertyName("calls")] int Calls = 1)
{
    /// <summary>The usage of two sets of calls together.</summary>
    public TokenUsage Plus(TokenUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, Calls + other.Calls);
    }
}
