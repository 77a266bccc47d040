using MusicVideo.Core.Workflow;
using System.Globalization;
using Microsoft.DurableTask.Client;
using MusicVideo.Api.Management;

namespace MusicVideo.Api;

/// <summary>Long work runs as an orchestration: 202 with the check-status payload, or with ?wait=N the finished result (200).</summary>
public static class LongOperation
{
    public const int MaxWaitSeconds = 300;

    /// <summary>Parses the optional wait query parameter (seconds, 0–300).</summary>
    public static bool TryParseWait(HttpRequest request, out TimeSpan wait, out IResult? error)
    {
        wait = TimeSpan.Zero;
        error = null;
        string? text = request.Query["wait"].FirstOrDefault();
        if (text is null)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds <= MaxWaitSeconds)
        {
            wait = TimeSpan.FromSeconds(seconds);
            return true;
        }

        error = Errors.BadRequest($"wait must be a whole number of seconds from 0 to {MaxWaitSeconds}; got '{text}'.");
        return false;
    }

    /// <summary>Starts an orchestration and answers 202, or waits up to <paramref name="wait"/> and answers with <paramref name="onCompleted"/>.</summary>
    public static async Task<IResult> StartAsync(
        HttpContext http, DurableTaskClient client, string orchestration, object input, TimeSpan wait,
        Func<OrchestrationMetadata, IResult> onCompleted, object? extra = null)
    {
        string id = await client.ScheduleNewOrchestrationInstanceAsync(orchestration, input, cancellation: http.RequestAborted);
        if (wait > TimeSpan.Zero)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            cts.CancelAfter(wait);
            try
            {
                var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
                if (done.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
                {
                    return onCompleted(done);
                }

                // The work ran and failed (e.g. every generation attempt failed): not the client's mistake, so a 5xx.
                return Errors.Status(502, "operation_failed", done.FailureDetails?.RootCauseMessage() ?? $"The operation ended {done.RuntimeStatus}.", new { instance_id = id });
            }
            catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
            {
                // Not finished within the wait: fall through to the 202 answer.
            }
        }

        return Accepted(http, id, extra);
    }

    /// <summary>The 202 answer: Location, Retry-After and the Durable Functions check-status payload (plus product fields).</summary>
    public static IResult Accepted(HttpContext http, string instanceId, object? extra = null) =>
        DurableManagementEndpoints.CheckStatusResponse(http, instanceId, extra);
}
