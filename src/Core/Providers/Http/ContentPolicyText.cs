namespace MusicVideo.Core.Providers.Http;

/// <summary>Recognises safety-filter refusals in provider error texts (Replicate "flagged as sensitive (E005)", Gemini "SAFETY", OpenAI "content_policy_violation").</summary>
public static class ContentPolicyText
{
    static readonly string[] Markers =
    [
        "flagged as sensitive", "content policy", "content_policy", "safety filter", "safety system", "responsible ai",
        "nsfw", "(e005)", "blocked by", "violat", "prohibited content", "finish_reason: safety", "blockreason",
    ];

    /// <summary>True when the text reads like a content-policy refusal.</summary>
    public static bool Matches(string? text) =>
        !string.IsNullOrEmpty(text) && Markers.Any(m => text.Contains(m, StringComparison.OrdinalIgnoreCase));
}
