using MusicVideo.Core.Providers;
using MusicVideo.Durable;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Polls an image job for a bounded time and returns its status.</summary>
public sealed class WaitForImageActivity(ImageGenerator images) : TaskActivity<WaitForJobInput, ProviderJobStatus>
{
    /// <inheritdoc />
    public override Task<ProviderJobStatus> RunAsync(TaskActivityContext context, WaitForJobInput input) =>
        ProviderCalls.GuardAsync(() => ProviderPolling.WaitAsync(
            ct => images.PollAsync(input.JobId, ct), images.PollInterval, TimeSpan.FromSeconds(input.MaxWaitSeconds), context.CancellationToken));
}
