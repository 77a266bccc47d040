namespace MusicVideo.Core.Providers.Http;

/// <summary>Marks provider requests whose repetition would pay twice (creating a prediction), so the retry handler repeats them only when the provider surely did nothing.</summary>
public static class ProviderRequests
{
    /// <summary>The request option that marks a non-idempotent request.</summary>
    public static readonly HttpRequestOptionsKey<bool> NotIdempotentKey = new("MusicVideo.NotIdempotent");

    /// <summary>Marks the request as one that must not be repeated after the provider may have acted on it (only 429 and refused connections are retried).</summary>
    public static HttpRequestMessage MarkNotIdempotent(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(NotIdempotentKey, true);
        return request;
    }

    /// <summary>True when the request was marked with <see cref="MarkNotIdempotent"/>.</summary>
    public static bool IsNotIdempotent(this HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(NotIdempotentKey, out bool value) && value;
}
