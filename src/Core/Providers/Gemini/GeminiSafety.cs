namespace MusicVideo.Core.Providers.Gemini;

/// <summary>How Gemini says a request was refused by its safety filters, and how we say it to the user.</summary>
internal static class GeminiSafety
{
    /// <summary>The <c>finishReason</c> values of a candidate stopped by a filter.</summary>
    static readonly HashSet<string> BlockingFinishReasons = new(StringComparer.OrdinalIgnoreCase)
    {
        "SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_SAFETY",
    };

    public static bool IsBlockingFinishReason(string? reason) => reason is not null && BlockingFinishReasons.Contains(reason);

    /// <summary>True for error messages that say the input broke the usage policies (Veo answers those with 400).</summary>
    public static bool LooksLikeSafetyRefusal(string? message) =>
        message is not null
        && (message.Contains("safety", StringComparison.OrdinalIgnoreCase)
            || message.Contains("usage guidelines", StringComparison.OrdinalIgnoreCase)
            || message.Contains("responsible ai", StringComparison.OrdinalIgnoreCase)
            || message.Contains("prohibited", StringComparison.OrdinalIgnoreCase));

    /// <summary>The words for a block reason, e.g. <c>SAFETY</c> → "it was judged unsafe".</summary>
    public static string Explain(string reason) => reason.ToUpperInvariant() switch
    {
        "SAFETY" => "Gemini's safety filters judged it unsafe",
        "PROHIBITED_CONTENT" => "it asks for content Google prohibits",
        "BLOCKLIST" => "it contains a term on Google's blocklist",
        "SPII" => "it contains sensitive personal information",
        "RECITATION" => "the answer would have recited protected material",
        "IMAGE_SAFETY" => "an image was judged unsafe",
        _ => "Gemini blocked it (" + reason + ")",
    };
}
