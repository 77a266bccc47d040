using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow;

namespace MusicVideo.Api.Workflow;

/// <summary>
/// Finds music video jobs terminated by someone else's API (Durable Functions' own management webhook), terminates the
/// clip sub-orchestrations they left running and cancels those clips' provider jobs, so nobody keeps paying for them.
/// </summary>
/// <remarks>
/// Durable Functions' terminate does not reach sub-orchestrations and its host serves no history to the isolated
/// worker, so this reads only what every host has: the children's instance ids (<c>{jobId}-scene{n}-try{attempt}</c>,
/// named by MusicVideoJob) and the idempotency key each GenerateClip puts in its custom status before it submits.
/// Sweeping is idempotent: a job whose children have all ended is remembered and not read again by this process.
/// </remarks>
public sealed partial class TerminatedJobSweeper(DurableTaskClient client, ClipGenerator clips, ILogger<TerminatedJobSweeper> logger)
{
    /// <summary>How far back a sweep looks for terminated jobs (by creation time): longer than a job can run.</summary>
    public static TimeSpan LookBack { get; } = TimeSpan.FromDays(2);

    readonly ConcurrentDictionary<string, bool> _settled = new(StringComparer.Ordinal);

    /// <summary>Sweeps once; returns how many provider jobs were cancelled.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellation = default)
    {
        var query = new OrchestrationQuery(
            CreatedFrom: DateTimeOffset.UtcNow - LookBack, Statuses: [OrchestrationRuntimeStatus.Terminated], PageSize: 100, FetchInputsAndOutputs: true);
        int cancelled = 0;
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellation))
        {
            if (_settled.ContainsKey(instance.InstanceId))
            {
                continue;
            }

            try
            {
                cancelled += instance.Name switch
                {
                    WorkflowNames.MusicVideoJob => await this.SweepJobAsync(instance.InstanceId, cancellation),
                    WorkflowNames.GenerateClip when !IsClipOfAJob(instance.InstanceId) => await this.CancelAsync([KeyOf(instance)], cancellation),
                    _ => 0,
                };
                _settled.TryAdd(instance.InstanceId, true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Left unsettled, so the next sweep tries again.
                logger.LogWarning("Sweeping terminated instance {InstanceId} failed: {Message}", instance.InstanceId, ex.Message);
            }
        }

        return cancelled;
    }

    async Task<int> SweepJobAsync(string jobId, CancellationToken cancellation)
    {
        var keys = new List<string?>();
        bool unsettled = false;
        var children = new OrchestrationQuery(InstanceIdPrefix: jobId + "-scene", PageSize: 100, FetchInputsAndOutputs: true);
        await foreach (var child in client.GetAllInstancesAsync(children).WithCancellation(cancellation))
        {
            if (child.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed)
            {
                // Its provider job finished (or failed) before the clip did; nothing is running to stop.
                continue;
            }

            var ended = child;
            if (!child.IsCompleted)
            {
                // Read the key after the termination took effect: a clip that was about to submit has then either
                // put its key in its status or will never submit.
                await client.TerminateInstanceAsync(child.InstanceId, new TerminateInstanceOptions($"Its job {jobId} was terminated."), cancellation);
                if (await TerminationSettling.WaitAsync(client, child.InstanceId, getInputsAndOutputs: true, cancellation) is { } settled)
                {
                    ended = settled;
                }
                else
                {
                    // Not settled yet: cancel by the key it shows now; the job stays unsettled and is swept again.
                    ended = await client.GetInstanceAsync(child.InstanceId, getInputsAndOutputs: true, cancellation) ?? child;
                    unsettled = true;
                }
            }

            keys.Add(KeyOf(ended));
        }

        int cancelled = await this.CancelAsync(keys, cancellation);
        return unsettled ? throw new TimeoutException($"A clip of job {jobId} had not ended {TerminationSettling.Timeout.TotalSeconds:0} s after it was terminated.") : cancelled;
    }

    async Task<int> CancelAsync(List<string?> keys, CancellationToken cancellation)
    {
        var known = keys.OfType<string>().ToList();
        if (known.Count > 0)
        {
            await clips.CancelAsync(known, cancellation);
            logger.LogInformation("Cancelled {Count} provider job(s) of terminated clip generations.", known.Count);
        }

        return known.Count;
    }

    /// <summary>A clip of a music video job is swept with its job, not on its own.</summary>
    static bool IsClipOfAJob(string instanceId) => ClipOfJob().IsMatch(instanceId);

    [GeneratedRegex(@"-scene[0-9]+-try[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ClipOfJob();

    static string? KeyOf(OrchestrationMetadata instance) => ProviderJobCanceller.KeyOf(instance.SerializedCustomStatus);
}
