using Microsoft.DurableTask.Client;

namespace MusicVideo.Api.Management;

/// <summary>Makes the check-status payload of a started instance with the management URLs of the host that serves them.</summary>
/// <remarks>
/// The standalone server registers none (its own management API answers under /runtime/webhooks/durabletask); the Azure
/// Functions host registers one that asks the Functions Durable client, so the URLs carry the host's system key.
/// </remarks>
public interface ICheckStatusPayloadFactory
{
    /// <summary>The management URLs of <paramref name="instanceId"/>.</summary>
    HttpManagementPayload Create(HttpContext http, DurableTaskClient client, string instanceId);
}
