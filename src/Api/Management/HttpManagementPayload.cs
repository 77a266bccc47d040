namespace MusicVideo.Api.Management;

/// <summary>The check-status payload: the management URLs of one instance (Durable Functions' canonical camelCase form).</summary>
/// <param name="Id">The instance id.</param>
/// <param name="StatusQueryGetUri">GET: the instance status.</param>
/// <param name="SendEventPostUri">POST: raise an event (replace {eventName}).</param>
/// <param name="TerminatePostUri">POST: terminate (replace {text} with the reason).</param>
/// <param name="RewindPostUri">POST: rewind a failed instance.</param>
/// <param name="PurgeHistoryDeleteUri">DELETE: purge the instance.</param>
/// <param name="RestartPostUri">POST: restart with the original input.</param>
/// <param name="SuspendPostUri">POST: suspend.</param>
/// <param name="ResumePostUri">POST: resume.</param>
public sealed record HttpManagementPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string RewindPostUri,
    string PurgeHistoryDeleteUri,
    string RestartPostUri,
    string SuspendPostUri,
    string ResumePostUri)
{
    /// <summary>Builds the payload for an instance from the API's absolute base URL.</summary>
    /// <param name="baseUrl">For example <c>http://localhost:7071/runtime/webhooks/durabletask</c>.</param>
    /// <param name="instanceId">The instance id.</param>
    public static HttpManagementPayload Create(string baseUrl, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        string instance = $"{baseUrl.TrimEnd('/')}/instances/{Uri.EscapeDataString(instanceId)}";
        return new HttpManagementPayload(
            instanceId,
            instance,
            instance + "/raiseEvent/{eventName}",
            instance + "/terminate?reason={text}",
            instance + "/rewind?reason={text}",
            instance,
            instance + "/restart",
            instance + "/suspend?reason={text}",
            instance + "/resume?reason={text}");
    }
}
