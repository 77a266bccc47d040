namespace MusicVideo.ProviderStandIns;

/// <summary>One request a stand-in received, as the tests assert on it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without the query.</param>
/// <param name="Query">The query string including <c>?</c>, or empty.</param>
/// <param name="Headers">The request headers (names case-insensitive; repeated headers joined with a comma).</param>
/// <param name="Body">The body as text (empty when none).</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Fault">The fault injected into the answer, if any.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt,
    FaultKind? Fault)
{
    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body parsed as JSON.</summary>
    public System.Text.Json.Nodes.JsonNode? Json() => Body.Length == 0 ? null : System.Text.Json.Nodes.JsonNode.Parse(Body);
}
