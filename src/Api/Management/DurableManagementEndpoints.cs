using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MusicVideo.Api.Management;

/// <summary>Maps the Durable Functions management HTTP API (<c>/runtime/webhooks/durabletask/...</c>) onto any Microsoft.DurableTask <see cref="DurableTaskClient"/>.</summary>
/// <remarks>
/// Backend errors are read the way Microsoft's clients raise them: an unknown instance is an <see cref="ArgumentException"/>,
/// a state that does not allow the operation an <see cref="InvalidOperationException"/>. Terminate is recursive unless
/// <c>recursive=false</c>: a job's running children stop with it.
/// </remarks>
public static class DurableManagementEndpoints
{
    /// <summary>The route prefix Durable Functions uses.</summary>
    public const string DefaultPrefix = "/runtime/webhooks/durabletask";

    // Relaxed escaping keeps messages readable ('x' rather than \u0027x\u0027); bodies are always application/json.
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Maps the management routes under <paramref name="prefix"/>.</summary>
    public static RouteGroupBuilder MapDurableTaskManagementApi(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix)
    {
        var group = endpoints.MapGroup(prefix).WithTags("Durable management");
        group.MapPost("/orchestrators/{functionName}/{instanceId?}", StartAsync);
        group.MapGet("/instances/{instanceId}", GetStatusAsync);
        group.MapGet("/instances", ListAsync);
        group.MapDelete("/instances/{instanceId}", PurgeOneAsync);
        group.MapDelete("/instances", PurgeManyAsync);
        group.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync);
        group.MapPost("/instances/{instanceId}/terminate", TerminateAsync);
        group.MapPost("/instances/{instanceId}/suspend", (HttpContext http, string instanceId) =>
            ControlAsync(http, instanceId, (c, id, reason) => c.SuspendInstanceAsync(id, reason)));
        group.MapPost("/instances/{instanceId}/resume", (HttpContext http, string instanceId) =>
            ControlAsync(http, instanceId, (c, id, reason) => c.ResumeInstanceAsync(id, reason)));
        group.MapPost("/instances/{instanceId}/rewind", RewindAsync);
        group.MapPost("/instances/{instanceId}/restart", RestartAsync);
        return group;
    }

    /// <summary>Returns the absolute base URL of the management API for the current request.</summary>
    public static string GetBaseUrl(HttpRequest request, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{PublicBaseUrl.For(request)}{prefix}";
    }

    /// <summary>Creates the 202 check-status response (Location, Retry-After: 10 and the management URLs).</summary>
    /// <param name="http">The current request.</param>
    /// <param name="instanceId">The instance the URLs manage.</param>
    /// <param name="extra">Optional product fields added to the payload (e.g. a warning), serialized as given.</param>
    public static IResult CheckStatusResponse(HttpContext http, string instanceId, object? extra = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        return CheckStatusResponse(http, HttpManagementPayload.Create(GetBaseUrl(http.Request), instanceId), extra);
    }

    /// <summary>Creates the 202 check-status response for a payload whose URLs the host made.</summary>
    public static IResult CheckStatusResponse(HttpContext http, HttpManagementPayload payload, object? extra = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(payload);
        http.Response.Headers.Location = payload.StatusQueryGetUri;
        http.Response.Headers.RetryAfter = "10";
        var body = JsonSerializer.SerializeToNode(payload, Json)!.AsObject();
        if (extra is not null)
        {
            foreach (var (name, value) in JsonSerializer.SerializeToNode(extra, extra.GetType())!.AsObject().ToList())
            {
                body[name] = value?.DeepClone();
            }
        }

        return Results.Json(body, Json, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>Creates an error response in the shared <see cref="ErrorBody"/> shape.</summary>
    public static IResult Error(int statusCode, string error, string message, object? details = null)
        => Results.Json(new ErrorBody(error, message, details), Json, statusCode: statusCode);

    static async Task<IResult> StartAsync(
        HttpContext http, string functionName, string? instanceId, IOptionsMonitor<DurableTaskRegistry> registries, DurableTaskClient client)
    {
        if (!registries.Get(Options.DefaultName).GetOrchestrators().Any(o => o.Key.Equals(new TaskName(functionName))))
        {
            return Error(404, "not_found", $"No orchestrator named '{functionName}' is registered.");
        }

        if (instanceId is not null && InstanceIds.Validate(instanceId) is { } problem)
        {
            return Error(400, "invalid_argument", problem);
        }

        var (input, bodyError) = await ManagementBody.ReadJsonAsync(http.Request);
        if (bodyError is not null)
        {
            return bodyError;
        }

        // Product orchestrations check their input here too, so a bad start is a 400 instead of a failed instance.
        foreach (var validator in http.RequestServices.GetServices<OrchestrationInputValidator>())
        {
            if (validator.Validate(functionName, input) is { } invalid)
            {
                return Error(400, "invalid_argument", invalid);
            }
        }

        var q = http.Request.Query;
        if (!TryParseSeconds(q["timeout"], out var timeout) || !TryParseSeconds(q["pollingInterval"], out var polling))
        {
            return Error(400, "invalid_argument", "The 'timeout' and 'pollingInterval' parameters must be whole numbers of seconds.");
        }

        string id;
        try
        {
            id = await client.ScheduleNewOrchestrationInstanceAsync(functionName, input, new StartOrchestrationOptions(instanceId), http.RequestAborted);
        }
        catch (InvalidOperationException ex)
        {
            return Error(409, "conflict", ex.Message);
        }

        // The wait is woken by the worker, so pollingInterval is accepted for compatibility but not needed.
        _ = polling;
        return timeout is { } t ? await WaitOrCheckStatusAsync(http, client, id, t) : CheckStatusResponse(http, id);
    }

    static async Task<IResult> GetStatusAsync(HttpContext http, string instanceId, DurableTaskClient client)
    {
        var q = http.Request.Query;
        if (!TryParseBool(q["showHistory"], false, out bool showHistory) || !TryParseBool(q["showHistoryOutput"], false, out bool showHistoryOutput) ||
            !TryParseBool(q["showInput"], true, out bool showInput) || !TryParseBool(q["returnInternalServerErrorOnFailure"], false, out bool failAs500))
        {
            return Error(400, "invalid_argument", "showHistory, showHistoryOutput, showInput and returnInternalServerErrorOnFailure must be 'true' or 'false'.");
        }

        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, http.RequestAborted);
        if (metadata is null)
        {
            return Error(404, "not_found", $"No orchestration instance with id '{instanceId}' exists.");
        }

        var history = showHistory ? (IReadOnlyList<DurableTask.Core.History.HistoryEvent>)(await client.GetOrchestrationHistoryAsync(instanceId, http.RequestAborted)).ToList() : null;
        var payload = StatusPayload.Create(metadata, showInput, history, showHistoryOutput);
        int status = metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Terminated => 200,
            OrchestrationRuntimeStatus.Failed => failAs500 ? 500 : 200,
            _ => 202,
        };
        if (status == 202)
        {
            http.Response.Headers.Location = $"{PublicBaseUrl.For(http.Request)}{http.Request.Path}{http.Request.QueryString}";
            http.Response.Headers.RetryAfter = "5";
        }

        return Results.Json(payload, Json, statusCode: status);
    }

    static async Task<IResult> ListAsync(HttpContext http, DurableTaskClient client)
    {
        var q = http.Request.Query;
        if (!TryParseTime(q["createdTimeFrom"], out var from) || !TryParseTime(q["createdTimeTo"], out var to))
        {
            return Error(400, "invalid_argument", "createdTimeFrom and createdTimeTo must be ISO 8601 dates, e.g. 2026-01-31T12:00:00Z.");
        }

        if (!TryParseStatuses(q["runtimeStatus"], out var statuses, out string? bad))
        {
            return Error(400, "invalid_argument", $"'{bad}' is not a runtime status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
        }

        int top = 100;
        if (q["top"].Count > 0 && (!int.TryParse(q["top"], NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 1000))
        {
            return Error(400, "invalid_argument", "'top' must be a whole number from 1 to 1000.");
        }

        if (!TryParseBool(q["showInput"], true, out bool showInput))
        {
            return Error(400, "invalid_argument", "'showInput' must be 'true' or 'false'.");
        }

        string? token = http.Request.Headers["x-ms-continuation-token"].FirstOrDefault();
        Page<OrchestrationMetadata>? page = null;
        try
        {
            var query = new OrchestrationQuery(from, to, statuses, null, q["instanceIdPrefix"].FirstOrDefault(), top, FetchInputsAndOutputs: true);
            await foreach (var first in client.GetAllInstancesAsync(query).AsPages(string.IsNullOrEmpty(token) ? null : token, top).WithCancellation(http.RequestAborted))
            {
                page = first;
                break;
            }
        }
        catch (ArgumentException)
        {
            return Error(400, "invalid_argument", "The x-ms-continuation-token header is not a token this server issued; send the token from the previous page's x-ms-continuation-token response header, or none for the first page.");
        }

        if (page?.ContinuationToken is { Length: > 0 } next)
        {
            http.Response.Headers["x-ms-continuation-token"] = next;
        }

        var array = new JsonArray((page?.Values ?? []).Select(m => (JsonNode?)StatusPayload.Create(m, showInput)).ToArray());
        return Results.Json(array, Json);
    }

    static async Task<IResult> PurgeOneAsync(string instanceId, DurableTaskClient client, CancellationToken cancellation)
    {
        var metadata = await client.GetInstanceAsync(instanceId, cancellation: cancellation);
        if (metadata is null)
        {
            return Error(404, "not_found", $"No orchestration instance with id '{instanceId}' exists.");
        }

        if (!metadata.IsCompleted)
        {
            return Error(409, "conflict", $"Instance '{instanceId}' is {metadata.RuntimeStatus}; terminate it before purging.");
        }

        var result = await client.PurgeInstanceAsync(instanceId, new PurgeInstanceOptions(Recursive: true), cancellation);
        return Results.Json(new { instancesDeleted = result.PurgedInstanceCount }, Json);
    }

    static async Task<IResult> PurgeManyAsync(HttpContext http, DurableTaskClient client)
    {
        var q = http.Request.Query;
        if (q["createdTimeFrom"].Count == 0)
        {
            return Error(400, "invalid_argument", "Please provide value for 'createdTimeFrom' parameter.");
        }

        if (!TryParseTime(q["createdTimeFrom"], out var from) || !TryParseTime(q["createdTimeTo"], out var to))
        {
            return Error(400, "invalid_argument", "createdTimeFrom and createdTimeTo must be ISO 8601 dates, e.g. 2026-01-31T12:00:00Z.");
        }

        if (!TryParseStatuses(q["runtimeStatus"], out var statuses, out string? bad))
        {
            return Error(400, "invalid_argument", $"'{bad}' is not a runtime status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
        }

        var result = await client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(from, to, statuses) { Timeout = TimeSpan.FromSeconds(60) }, new PurgeInstanceOptions(Recursive: true), http.RequestAborted);
        return result.PurgedInstanceCount == 0
            ? Error(404, "not_found", "No terminal instances matched the filter.")
            : Results.Json(new { instancesDeleted = result.PurgedInstanceCount, isComplete = result.IsComplete }, Json);
    }

    static async Task<IResult> RaiseEventAsync(HttpContext http, string instanceId, string eventName, DurableTaskClient client)
    {
        var metadata = await client.GetInstanceAsync(instanceId, cancellation: http.RequestAborted);
        if (metadata is null)
        {
            return Error(404, "not_found", $"No orchestration instance with id '{instanceId}' exists.");
        }

        if (metadata.IsCompleted)
        {
            return Error(410, "gone", $"Instance '{instanceId}' is {metadata.RuntimeStatus} and no longer accepts events.");
        }

        var (payload, bodyError) = await ManagementBody.ReadJsonAsync(http.Request);
        if (bodyError is not null)
        {
            return bodyError;
        }

        return await MapStateErrorsAsync(() => client.RaiseEventAsync(instanceId, eventName, payload, http.RequestAborted), Results.Accepted());
    }

    static async Task<IResult> ControlAsync(HttpContext http, string instanceId, Func<DurableTaskClient, string, string?, Task> operation)
    {
        var client = http.RequestServices.GetRequiredService<DurableTaskClient>();
        string? reason = http.Request.Query["reason"].FirstOrDefault();
        return await MapStateErrorsAsync(() => operation(client, instanceId, reason), Results.Accepted());
    }

    static async Task<IResult> TerminateAsync(HttpContext http, string instanceId, DurableTaskClient client)
    {
        if (!TryParseBool(http.Request.Query["recursive"], true, out bool recursive))
        {
            return Error(400, "invalid_argument", "'recursive' must be 'true' or 'false'.");
        }

        string? reason = http.Request.Query["reason"].FirstOrDefault();
        var result = await MapStateErrorsAsync(
            () => client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(reason, recursive), http.RequestAborted), Results.Accepted());
        foreach (var observer in http.RequestServices.GetServices<TerminationObserver>())
        {
            observer.OnTerminated(instanceId);
        }

        return result;
    }

    static async Task<IResult> RewindAsync(HttpContext http, string instanceId, DurableTaskClient client)
    {
        var metadata = await client.GetInstanceAsync(instanceId, cancellation: http.RequestAborted);
        if (metadata is null)
        {
            return Error(404, "not_found", $"No orchestration instance with id '{instanceId}' exists.");
        }

        return metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Failed => await MapStateErrorsAsync(
                () => client.RewindInstanceAsync(instanceId, http.Request.Query["reason"].FirstOrDefault() ?? string.Empty, http.RequestAborted), Results.Accepted()),
            OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Terminated =>
                Error(410, "gone", $"Instance '{instanceId}' is {metadata.RuntimeStatus}; only Failed instances can be rewound."),
            _ => Error(409, "conflict", $"Instance '{instanceId}' is {metadata.RuntimeStatus}; only Failed instances can be rewound."),
        };
    }

    static async Task<IResult> RestartAsync(HttpContext http, string instanceId, DurableTaskClient client)
    {
        var q = http.Request.Query;
        if (!TryParseBool(q["restartWithNewInstanceId"], false, out bool newId))
        {
            return Error(400, "invalid_argument", "'restartWithNewInstanceId' must be 'true' or 'false'.");
        }

        try
        {
            string id = await client.RestartAsync(instanceId, newId, http.RequestAborted);
            return CheckStatusResponse(http, id);
        }
        catch (ArgumentException ex)
        {
            return Error(404, "not_found", InstanceIds.Clean(ex.Message));
        }
    }

    static async Task<IResult> WaitOrCheckStatusAsync(HttpContext http, DurableTaskClient client, string id, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        cts.CancelAfter(timeout);
        try
        {
            var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
            return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                ? Results.Content(done.SerializedOutput ?? "null", "application/json", statusCode: 200)
                : Results.Json(StatusPayload.Create(done, showInput: true), Json, statusCode: 200);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            return CheckStatusResponse(http, id);
        }
    }

    static async Task<IResult> MapStateErrorsAsync(Func<Task> operation, IResult success)
    {
        try
        {
            await operation();
            return success;
        }
        catch (ArgumentException ex)
        {
            return Error(404, "not_found", InstanceIds.Clean(ex.Message));
        }
        catch (InvalidOperationException ex)
        {
            return Error(410, "gone", ex.Message);
        }
    }

    static bool TryParseBool(Microsoft.Extensions.Primitives.StringValues value, bool fallback, out bool result)
    {
        result = fallback;
        return value.Count == 0 || bool.TryParse(value.ToString(), out result);
    }

    static bool TryParseSeconds(Microsoft.Extensions.Primitives.StringValues value, out TimeSpan? result)
    {
        result = null;
        if (value.Count == 0)
        {
            return true;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds <= 3600)
        {
            result = TimeSpan.FromSeconds(seconds);
            return true;
        }

        return false;
    }

    static bool TryParseTime(Microsoft.Extensions.Primitives.StringValues value, out DateTimeOffset? result)
    {
        result = null;
        if (value.Count == 0)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            result = parsed;
            return true;
        }

        return false;
    }

    static bool TryParseStatuses(Microsoft.Extensions.Primitives.StringValues values, out List<OrchestrationRuntimeStatus>? statuses, out string? bad)
    {
        statuses = null;
        bad = null;
        foreach (string part in values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var status) || int.TryParse(part, out _))
            {
                bad = part;
                return false;
            }

            (statuses ??= []).Add(status);
        }

        return true;
    }
}
