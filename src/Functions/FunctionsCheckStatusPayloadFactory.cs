using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using MusicVideo.Api.Management;

namespace MusicVideo.Functions;

/// <summary>The check-status payload from Durable Functions' client: the host's /runtime/webhooks/durabletask URLs with its system key.</summary>
public sealed class FunctionsCheckStatusPayloadFactory : ICheckStatusPayloadFactory
{
    /// <inheritdoc />
    public Api.Management.HttpManagementPayload Create(HttpContext http, DurableTaskClient client, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(client);
        Microsoft.Azure.Functions.Worker.HttpManagementPayload p;
        try
        {
            // The Functions binding's client carries the host's webhook base URL and system-key query string.
            p = client.CreateHttpManagementPayload(instanceId);
        }
        catch (InvalidOperationException)
        {
            // Any other client (Microsoft's in-process test host) knows no host URL; Durable then builds the URLs
            // from the request's host, as below.
            return Api.Management.HttpManagementPayload.Create(DurableManagementEndpoints.GetBaseUrl(http.Request), instanceId);
        }

        return new Api.Management.HttpManagementPayload(
            p.Id ?? instanceId, p.StatusQueryGetUri ?? string.Empty, p.SendEventPostUri ?? string.Empty, p.TerminatePostUri ?? string.Empty,
            p.RewindPostUri ?? string.Empty, p.PurgeHistoryDeleteUri ?? string.Empty, p.RestartPostUri ?? string.Empty,
            p.SuspendPostUri ?? string.Empty, p.ResumePostUri ?? string.Empty);
    }
}
