namespace MusicVideo.ProviderStandIns;

/// <summary>What a stand-in does instead of (or before) answering normally.</summary>
public enum FaultKind
{
    /// <summary>429 with <c>Retry-After</c> and the provider's throttling body.</summary>
    RateLimited,

    /// <summary>500 with a JSON error body.</summary>
    ServerError,

    /// <summary>Waits <see cref="FaultRule.Delay"/> before answering normally (longer than the client's timeout → a timeout).</summary>
    Delay,

    /// <summary>200 with a body that is not valid JSON.</summary>
    MalformedJson,

    /// <summary>The provider's safety filter refuses the input (each stand-in answers this in its own wire format).</summary>
    ContentPolicy,
}
