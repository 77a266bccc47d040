namespace MusicVideo.Core.Providers.Replicate;

/// <summary>The webhook route and event names shared by the clip generator (which asks Replicate to call it) and the API (which serves it).</summary>
public static class ReplicateWebhooks
{
    /// <summary>The route Replicate posts completed predictions to.</summary>
    public const string Route = "/api/mv/webhooks/replicate";

    /// <summary>The query parameter naming the orchestration to notify.</summary>
    public const string InstanceParameter = "instance";

    /// <summary>The external event raised for a prediction: <c>prediction:{id}</c>.</summary>
    public static string EventName(string predictionId) => ProviderJob.CompletionEventName(predictionId);

    /// <summary>The webhook URL for a prediction whose completion the instance waits for.</summary>
    public static Uri UrlFor(Uri publicBaseUrl, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return new Uri(publicBaseUrl, Route.TrimStart('/') + "?" + InstanceParameter + "=" + Uri.EscapeDataString(instanceId));
    }
}
