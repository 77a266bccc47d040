using MusicVideo.Core.Providers;
using Microsoft.DurableTask;

using MusicVideo.Core.Workflow;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Polls an image job for a bounded time and returns its status.</summary>
public sealed class WaitForImageActivity(ImageGenerator images, ActivityCancellation cancellation) : TaskActivity<WaitForJobInput, ProviderJobStatus>
{
    /// <inheritdoc />
    public override Task<ProviderJobStatus> RunAsync(TaskActivityContext context, WaitForJobInput input) =>
        ProviderCalls.GuardAsync(() => ProviderPolling.WaitAsync(
            ct => images.PollAsync(input.JobId, ct), images.PollInterval, TimeSpan.FromSeconds(input.MaxWaitSeconds), cancellation.Token));
}
