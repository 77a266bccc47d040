using MusicVideo.Core.Providers;
using Microsoft.DurableTask;

using MusicVideo.Core.Workflow;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Polls a clip job for a bounded time and returns its status.</summary>
public sealed class WaitForClipActivity(ClipGenerator clips, ActivityCancellation cancellation) : TaskActivity<WaitForJobInput, ProviderJobStatus>
{
    /// <inheritdoc />
    public override Task<ProviderJobStatus> RunAsync(TaskActivityContext context, WaitForJobInput input) =>
        ProviderCalls.GuardAsync(() => ProviderPolling.WaitAsync(
            ct => clips.PollAsync(input.JobId, ct), clips.PollInterval, TimeSpan.FromSeconds(input.MaxWaitSeconds), cancellation.Token));
}
