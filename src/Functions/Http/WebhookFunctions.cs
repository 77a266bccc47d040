using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using MusicVideo.Api;

namespace MusicVideo.Functions.Http;

/// <summary>The provider webhook routes as HTTP triggers over the handlers the standalone server maps.</summary>
public sealed class WebhookFunctions
{
    /// <summary>POST /api/mv/webhooks/replicate (anonymous: Replicate signs its deliveries instead of sending a function key).</summary>
    [Function("HttpReplicateWebhook")]
    public Task<IResult> ReplicateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/mv/webhooks/replicate")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        ReplicateWebhookEndpoints.HandleAsync(SeedFunctions.Http(request), client);
}
