using System.Text.RegularExpressions;

namespace MusicVideo.Core.Providers.Http;

/// <summary>Removes credentials from provider texts before they reach messages, logs or durable state.</summary>
public static partial class SecretRedactor
{
    /// <summary>Replaces bearer tokens, API keys (Replicate <c>r8_…</c>, Google <c>AIza…</c>, OpenAI <c>sk-…</c>), <c>key=</c> query values and webhook secrets with <c>[redacted]</c>.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        text = Tokens().Replace(text, "[redacted]");
        return KeyParameter().Replace(text, m => m.Groups[1].Value + "[redacted]");
    }

    [GeneratedRegex(@"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+|\br8_[A-Za-z0-9]{8,}|\bAIza[0-9A-Za-z_-]{20,}|\bsk-[A-Za-z0-9_-]{12,}|\bwhsec_[A-Za-z0-9+/=]{8,}")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"(?i)([?&](?:key|api_key|token|sig|signature)=)[^&\s""']+")]
    private static partial Regex KeyParameter();
}
