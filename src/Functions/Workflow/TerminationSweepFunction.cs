using Microsoft.Azure.Functions.Worker;
using MusicVideo.Api.Workflow;

namespace MusicVideo.Functions.Workflow;

/// <summary>Every 30 s, stops what a job terminated through Durable Functions' management webhook left running.</summary>
/// <remarks>
/// The host's terminate stops the job's orchestration but not its clip sub-orchestrations nor their provider jobs, and
/// no code of this app runs when it is called; a timer trigger runs on one instance at a time (the host holds a lease).
/// </remarks>
public sealed class TerminationSweepFunction(TerminatedJobSweeper sweeper)
{
    /// <summary>Sweeps terminated jobs once.</summary>
    [Function("SweepTerminatedJobs")]
    public Task RunAsync([TimerTrigger("*/30 * * * * *")] TimerInfo timer, CancellationToken cancellation) => sweeper.SweepAsync(cancellation);
}
