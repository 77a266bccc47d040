namespace MusicVideo.Core.Providers.Replicate;

/// <summary>Settings of the Replicate providers (read from <c>REPLICATE_*</c> variables by <see cref="ProvidersOptions.FromEnvironment"/>).</summary>
public sealed record ReplicateOptions
{
    /// <summary>The public API.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.replicate.com/");

    /// <summary>Gets the API token (<c>REPLICATE_API_TOKEN</c>, or the seed's <c>REPLICATE_API_KEY</c>).</summary>
    public string? ApiToken { get; init; }

    /// <summary>Gets the API base URL (<c>REPLICATE_API_BASE_URL</c>; tests point it at the stand-in).</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Gets the character reference model (<c>REPLICATE_IMAGE_MODEL</c>, default <c>google/imagen-4</c>).</summary>
    public string ImageModel { get; init; } = "google/imagen-4";

    /// <summary>Gets the clip model (<c>REPLICATE_VIDEO_MODEL</c>, default <c>google/veo-3.1</c>).</summary>
    public string VideoModel { get; init; } = "google/veo-3.1";

    /// <summary>Gets the webhook signing secret (<c>REPLICATE_WEBHOOK_SECRET</c>, <c>whsec_…</c> from <c>GET /v1/webhooks/default/secret</c>).</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>Gets the server's public address (<c>MV_PUBLIC_BASE_URL</c>) that Replicate posts webhooks to; null disables webhooks.</summary>
    public Uri? PublicBaseUrl { get; init; }

    /// <summary>Gets the interval between polls of a running prediction (<c>REPLICATE_POLL_SECONDS</c>, default 15).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets how long after its create a clip prediction is first read when no webhook is expected (default 2 s); the wait then doubles up to
    /// <see cref="PollInterval"/>: reads at 2, 6, 14, 29, 44 … s, so a refusal or an early finish is seen within seconds, while 100 clips
    /// at once stay at 600 reads in their first minute and 400/min after it (Replicate allows 3,000/min).
    /// </summary>
    public TimeSpan FirstPollDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets how long a clip waits for its webhook before it polls (<c>REPLICATE_WEBHOOK_WAIT_SECONDS</c>, default 600).</summary>
    public TimeSpan WebhookWait { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets the deadline Replicate enforces on each prediction (<c>REPLICATE_CANCEL_AFTER_SECONDS</c>, default 900; header <c>Cancel-After</c>).</summary>
    public TimeSpan CancelAfter { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets the price table file (<c>REPLICATE_PRICES_FILE</c>, JSON <c>{"owner/model": {"per_second": 0.4}}</c>); null uses the built-in table.</summary>
    public string? PricesFile { get; init; }

    /// <summary>Gets how character references reach clip models (<c>REPLICATE_REFERENCE_DELIVERY</c>: auto, upload or url; see <see cref="Replicate.ReferenceDelivery"/>).</summary>
    public string ReferenceDelivery { get; init; } = Replicate.ReferenceDelivery.Auto;

    /// <summary>True when predictions carry a webhook: a public base URL and a signing secret are both configured.</summary>
    public bool WebhooksEnabled => PublicBaseUrl is not null && !string.IsNullOrEmpty(WebhookSecret);
}
