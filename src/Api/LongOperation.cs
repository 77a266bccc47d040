using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using MusicVideo.Core.Workflow;
using MusicVideo.Api.Management;

namespace MusicVideo.Api;

/// <summary>
/// Long work always runs as an orchestration. The answer is the finished result (200) when it is done within the hold
/// the request asked for (<see cref="LongOperationCall"/>), else 202 with the check-status payload. An Idempotency-Key
/// maps to a fixed instance id, so a retry reaches the same orchestration instead of starting new work.
/// </summary>
public static class LongOperation
{
    // Check-then-schedule of one idempotent id must not interleave within this process (two retries racing).
    static readonly SemaphoreSlim[] IdLocks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    static readonly JsonSerializerOptions CompareJson = new(JsonSerializerDefaults.Web);

    /// <summary>The hold of the seed routes, which answer like the seed (held until done) unless the client opts into 202.</summary>
    public static TimeSpan SeedHold(HttpContext http) =>
        (http ?? throw new ArgumentNullException(nameof(http))).RequestServices.GetService<LongOperationOptions>()?.SeedHold
        ?? TimeSpan.FromSeconds(LongOperationOptions.DefaultSeedHoldSeconds);

    /// <summary>Reads how the request wants the operation answered; <paramref name="defaultHold"/> applies when it does not say.</summary>
    public static bool TryParse(HttpContext http, TimeSpan defaultHold, out LongOperationCall call, out IResult? error) =>
        LongOperationCall.TryParse((http ?? throw new ArgumentNullException(nameof(http))).Request, defaultHold, out call, out error);

    /// <summary>The instance an earlier request with the same Idempotency-Key started, or null.</summary>
    public static async Task<OrchestrationMetadata?> FindExistingAsync(HttpContext http, DurableTaskClient client, LongOperationCall call)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(client);
        return call?.IdempotentInstanceId is { } id ? await client.GetInstanceAsync(id, getInputsAndOutputs: true, http.RequestAborted) : null;
    }

    /// <summary>Starts the orchestration (or finds the one an earlier request with the same key started) and answers as <paramref name="call"/> asks.</summary>
    public static async Task<IResult> StartAsync<TInput>(
        HttpContext http, DurableTaskClient client, LongOperationCall call, string orchestration, TInput input,
        Func<OrchestrationMetadata, IResult> onCompleted, object? extra = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(onCompleted);
        string id;
        if (call.IdempotentInstanceId is { } idempotentId)
        {
            var (existing, conflict) = await ScheduleOnceAsync(http, client, idempotentId, orchestration, input);
            if (conflict is not null)
            {
                return conflict;
            }

            if (existing)
            {
                http.Response.Headers[IdempotencyKey.ReplayedHeaderName] = "true";
            }

            id = idempotentId;
        }
        else
        {
            id = await client.ScheduleNewOrchestrationInstanceAsync(orchestration, input, cancellation: http.RequestAborted);
        }

        return await AnswerAsync(http, client, call, id, onCompleted, extra);
    }

    /// <summary>The 202 answer: Location, Retry-After and the Durable Functions check-status payload (plus product fields).</summary>
    /// <remarks>The host's <see cref="ICheckStatusPayloadFactory"/> makes the URLs (the standalone server's own management API by default).</remarks>
    public static IResult Accepted(HttpContext http, DurableTaskClient client, string instanceId, object? extra = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var factory = http.RequestServices.GetService<ICheckStatusPayloadFactory>();
        var payload = factory?.Create(http, client, instanceId) ?? HttpManagementPayload.Create(DurableManagementEndpoints.GetBaseUrl(http.Request), instanceId);
        return DurableManagementEndpoints.CheckStatusResponse(http, payload, extra);
    }

    static async Task<(bool Existing, IResult? Conflict)> ScheduleOnceAsync<TInput>(
        HttpContext http, DurableTaskClient client, string id, string orchestration, TInput input)
    {
        var gate = IdLocks[(id.GetHashCode(StringComparison.Ordinal) & int.MaxValue) % IdLocks.Length];
        await gate.WaitAsync(http.RequestAborted);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                var existing = await client.GetInstanceAsync(id, getInputsAndOutputs: true, http.RequestAborted);
                if (existing is not null)
                {
                    return (true, SameRequest(existing, orchestration, input) ? null : Errors.Status(
                        422,
                        "idempotency_key_reused",
                        $"This {IdempotencyKey.HeaderName} was already used on this route for a different request; send a new key for new work, or repeat the first request exactly to get its result.",
                        new { instance_id = id }));
                }

                try
                {
                    // Dedupe on every status: an idempotent id must never replace a finished instance.
                    var options = new StartOrchestrationOptions(id).WithDedupeStatuses(Enum.GetValues<OrchestrationRuntimeStatus>());
                    await client.ScheduleNewOrchestrationInstanceAsync(orchestration, input, options, http.RequestAborted);
                    return (false, null);
                }
                catch (InvalidOperationException) when (attempt == 0)
                {
                    // Started meanwhile by another process over the same store: read it on the next pass.
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Whether a stored instance was started by the same request: same orchestrator and the same input.</summary>
    static bool SameRequest<TInput>(OrchestrationMetadata existing, string orchestration, TInput input)
    {
        if (!string.Equals(existing.Name, orchestration, StringComparison.Ordinal))
        {
            return false;
        }

        // Both sides go through the same serializer, so converter settings (null handling, naming) cannot make them differ.
        TInput? stored;
        try
        {
            stored = existing.ReadInputAs<TInput>();
        }
        catch (JsonException)
        {
            return false;
        }

        return JsonSerializer.Serialize(stored, CompareJson) == JsonSerializer.Serialize(input, CompareJson);
    }

    static async Task<IResult> AnswerAsync(
        HttpContext http, DurableTaskClient client, LongOperationCall call, string id, Func<OrchestrationMetadata, IResult> onCompleted, object? extra)
    {
        var logger = http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("MusicVideo.Api.LongOperation");
        var maxHold = http.RequestServices.GetService<LongOperationOptions>()?.MaxHold ?? TimeSpan.FromSeconds(LongOperationOptions.MaxWaitSeconds);
        var hold = call.Hold < maxHold ? call.Hold : maxHold;
        if (hold > TimeSpan.Zero)
        {
            // The hold ends early when the server shuts down, so the client still learns where to poll.
            var stopping = http.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
            cts.CancelAfter(hold);
            logger?.LogInformation("Holding {Method} {Path} for instance {InstanceId} up to {Seconds} s.", http.Request.Method, http.Request.Path, id, (int)hold.TotalSeconds);
            try
            {
                var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
                SetPreferenceApplied(http, call, accepted: false);
                if (done.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
                {
                    return onCompleted(done);
                }

                // The work ran and failed (e.g. every generation attempt failed): not the client's mistake, so a 5xx.
                // What the failed work already paid the providers (a plan's calls, images made) is said with the failure.
                return Errors.Status(
                    502, "operation_failed", done.FailureDetails?.RootCauseMessage() ?? $"The operation ended {done.RuntimeStatus}.",
                    CostSpent(done) is { } spent ? new { instance_id = id, cost_usd = spent } : (object)new { instance_id = id });
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // Nobody is listening any more; the orchestration goes on and its result stays readable by id.
                logger?.LogInformation("The client of {Path} disconnected during the hold; instance {InstanceId} continues.", http.Request.Path, id);
                return Results.Empty;
            }
            catch (OperationCanceledException)
            {
                // Not finished within the hold (or the server is stopping): fall through to the 202 answer.
            }
        }

        SetPreferenceApplied(http, call, accepted: true);
        return Accepted(http, client, id, extra);
    }

    /// <summary>The <c>cost_usd</c> the operation's custom status reports, if any.</summary>
    static decimal? CostSpent(OrchestrationMetadata done)
    {
        try
        {
            return done.SerializedCustomStatus is { } status && JsonNode.Parse(status) is JsonObject o && o["cost_usd"] is JsonValue v && v.TryGetValue(out decimal cost)
                ? cost
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static void SetPreferenceApplied(HttpContext http, LongOperationCall call, bool accepted)
    {
        if (call.PreferenceApplied(accepted) is { } applied)
        {
            http.Response.Headers["Preference-Applied"] = applied;
        }
    }
}
