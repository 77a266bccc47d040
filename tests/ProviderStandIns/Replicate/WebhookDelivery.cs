namespace MusicVideo.ProviderStandIns.Replicate;

/// <summary>How the Replicate stand-in delivers completion webhooks.</summary>
public enum WebhookDelivery
{
    /// <summary>Once, as soon as the prediction completes.</summary>
    OnTime,

    /// <summary>Once, <see cref="ReplicateStandIn.WebhookDelay"/> after completion.</summary>
    Late,

    /// <summary>Twice with the same <c>webhook-id</c> (a retried delivery).</summary>
    Twice,

    /// <summary>Never (a lost webhook).</summary>
    Never,

    /// <summary>Once, signed with the wrong secret.</summary>
    BadSignature,
}
