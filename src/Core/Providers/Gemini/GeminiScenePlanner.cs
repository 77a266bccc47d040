using System.Text.Json.Nodes;
using MusicVideo.Core.Providers.Scenes;

namespace MusicVideo.Core.Providers.Gemini;

/// <summary>
/// Writes scenes with Gemini <c>generateContent</c> and a JSON response schema (<c>responseMimeType: application/json</c> +
/// <c>responseSchema</c>), from the seed's prompt templates; safety blocks are content-policy failures in words.
/// </summary>
public sealed class GeminiScenePlanner : StructuredScenePlanner
{
    readonly GeminiApi _api;

    /// <summary>Creates the planner over an HTTP client (resilience comes from the client's handlers).</summary>
    public GeminiScenePlanner(HttpClient http, GeminiOptions options, TokenPriceTable? prices = null, SceneCallLedger? ledger = null)
        : base(options?.SceneMaxAttempts ?? throw new ArgumentNullException(nameof(options)), prices, ledger)
    {
        ArgumentNullException.ThrowIfNull(http);
        _api = new GeminiApi(http, options);
    }

    /// <inheritdoc />
    public override string Name => "gemini";

    /// <inheritdoc />
    public override string Model => _api.Options.SceneModel;

    /// <summary>The <c>generateContent</c> body for a conversation (public for tests of the wire format).</summary>
    public static JsonObject RequestBody(string systemInstruction, IReadOnlyList<SceneConversationTurn> turns, int numberOfScenes)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var contents = new JsonArray();
        foreach (var turn in turns)
        {
            contents.Add(new JsonObject
            {
                ["role"] = turn.Role == SceneConversationRole.Model ? "model" : "user",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = turn.Text }),
            });
        }

        return new JsonObject
        {
            ["contents"] = contents,
            ["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = systemInstruction }) },
            ["generationConfig"] = new JsonObject
            {
                ["responseMimeType"] = "application/json",
                ["responseSchema"] = SceneResponseSchema.ForGemini(numberOfScenes),
            },
        };
    }

    /// <inheritdoc />
    protected override async Task<SceneAnswer> CompleteAsync(
        string systemInstruction, IReadOnlyList<SceneConversationTurn> turns, int numberOfScenes, CancellationToken cancellationToken)
    {
        var response = await _api.PostAsync(
            "models/" + Uri.EscapeDataString(Model) + ":generateContent", RequestBody(systemInstruction, turns, numberOfScenes),
            createsJob: false, cancellationToken).ConfigureAwait(false);
        return new SceneAnswer(AnswerText(response), UsageOf(response));
    }

    /// <summary>The billed tokens of a <c>generateContent</c> response: <c>promptTokenCount</c> in, <c>candidatesTokenCount</c> + <c>thoughtsTokenCount</c> out (Google bills thoughts as output).</summary>
    internal static TokenUsage? UsageOf(JsonObject response)
    {
        if (response["usageMetadata"] is not JsonObject usage)
        {
            return null;
        }

        static long Count(JsonNode? node) => node is JsonValue v && v.TryGetValue(out long n) ? n : 0;
        return new TokenUsage(Count(usage["promptTokenCount"]), Count(usage["candidatesTokenCount"]) + Count(usage["thoughtsTokenCount"]));
    }

    /// <summary>The answer text of a <c>generateContent</c> response; blocked prompts and answers throw a content-policy failure.</summary>
    internal static string? AnswerText(JsonObject response)
    {
        if (response["promptFeedback"]?["blockReason"]?.GetValue<string>() is { Length: > 0 } blockReason)
        {
            throw new ProviderException(
                $"Gemini refused to write scenes: {GeminiSafety.Explain(blockReason)}. Rephrase the idea or the character description.",
                ProviderErrorReason.ContentPolicy);
        }

        if (response["candidates"] is not JsonArray { Count: > 0 } candidates || candidates[0] is not JsonObject candidate)
        {
            // No candidate and no block reason: an empty answer, which the planner asks again for.
            return null;
        }

        var finish = candidate["finishReason"]?.GetValue<string>();
        if (GeminiSafety.IsBlockingFinishReason(finish))
        {
            throw new ProviderException(
                $"Gemini stopped writing scenes: {GeminiSafety.Explain(finish!)}. Rephrase the idea or the character description.",
                ProviderErrorReason.ContentPolicy);
        }

        if (candidate["content"]?["parts"] is not JsonArray parts)
        {
            return null;
        }

        // MAX_TOKENS leaves truncated JSON here, which fails validation and is asked again.
        return string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? string.Empty));
    }
}
