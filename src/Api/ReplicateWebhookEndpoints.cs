using System.Text.Json;
using Microsoft.DurableTask.Client;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Replicate;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace MusicVideo.Api;

/// <summary>
/// <c>POST /api/mv/webhooks/replicate?instance=…</c>: Replicate's completed-prediction webhook. The Standard Webhooks signature is checked
/// (stale timestamps and bad signatures get 401), each <c>webhook-id</c> is acted on once, and the prediction's status is raised as an event
/// to the clip orchestration waiting for it.
/// </summary>
public static class ReplicateWebhookEndpoints
{
    const int MaxBodyBytes = 1024 * 1024;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the route.</summary>
    public static void MapReplicateWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost(ReplicateWebhooks.Route, (HttpContext http, DurableTaskClient client) => HandleAsync(http, client)).WithTags("Webhooks").ExcludeFromDescription();

    /// <summary>Handles one delivery (shared by the server and the Functions host).</summary>
    public static async Task<IResult> HandleAsync(HttpContext http, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(client);
        var services = http.RequestServices;
        var options = services.GetService<ReplicateOptions>();
        if (options is not { WebhooksEnabled: true } || services.GetService<ReplicatePredictions>() is not { } predictions)
        {
            return Errors.NotFound("Replicate webhooks are not enabled on this server; set MV_PUBLIC_BASE_URL and REPLICATE_WEBHOOK_SECRET with a Replicate provider.");
        }

        string body;
        using (var reader = new StreamReader(http.Request.Body))
        {
            var buffer = new char[MaxBodyBytes + 1];
            int read = await reader.ReadBlockAsync(buffer, http.RequestAborted);
            if (read > MaxBodyBytes)
            {
                return Errors.Status(413, "payload_too_large", "A webhook body must be at most 1 MB.");
            }

            body = new string(buffer, 0, read);
        }

        try
        {
            new StandardWebhook(options.WebhookSecret!).Verify(body, http.Request.Headers);
        }
        catch (WebhookVerificationException)
        {
            return Errors.Status(401, "unauthorized", "The webhook signature does not verify, or its timestamp is more than 5 minutes away; nothing was done.");
        }

        string? instance = http.Request.Query[ReplicateWebhooks.InstanceParameter].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(instance))
        {
            return Errors.BadRequest($"The webhook URL must carry ?{ReplicateWebhooks.InstanceParameter}= naming the waiting clip orchestration.");
        }

        ReplicatePrediction? prediction;
        try
        {
            prediction = JsonSerializer.Deserialize<ReplicatePrediction>(body, Json);
        }
        catch (JsonException)
        {
            prediction = null;
        }

        if (prediction is null || string.IsNullOrEmpty(prediction.Id))
        {
            return Errors.BadRequest("The webhook body must be a Replicate prediction object with an id.");
        }

        if (!prediction.IsTerminal)
        {
            // Only "completed" is subscribed; other events carry nothing the workflow waits for.
            return Results.Ok(new { received = true, acted = false, reason = "not completed" });
        }

        var waiting = await client.GetInstanceAsync(instance, getInputsAndOutputs: false, http.RequestAborted);
        if (waiting is null || waiting.IsCompleted)
        {
            // The clip finished another way (it polled after its wait) or was purged: nothing waits for this event.
            return Results.Ok(new { received = true, acted = false, reason = "no waiting orchestration" });
        }

        string webhookId = http.Request.Headers["webhook-id"].ToString();
        if (!predictions.Store.TryClaimWebhook(webhookId))
        {
            return Results.Ok(new { received = true, acted = false, reason = "duplicate delivery" });
        }

        try
        {
            await predictions.Store.SavePredictionAsync(prediction, http.RequestAborted);
            var status = ReplicatePredictions.StatusOf(prediction);
            await client.RaiseEventAsync(instance, ReplicateWebhooks.EventName(prediction.Id), status, http.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Let Replicate's retry act on it: release the claim and answer 5xx.
            predictions.Store.ReleaseWebhook(webhookId);
            services.GetRequiredService<ILoggerFactory>().CreateLogger("MusicVideo.Api.Webhooks")
                .LogWarning("Raising the Replicate webhook of prediction {PredictionId} failed ({ErrorType}).", prediction.Id, ex.GetType().Name);
            return Errors.Status(503, "unavailable", "The webhook could not be handed to the workflow; Replicate will retry it.");
        }

        return Results.Ok(new { received = true, acted = true });
    }
}
