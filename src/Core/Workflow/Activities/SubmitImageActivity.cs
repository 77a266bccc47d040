using MusicVideo.Core.Providers;
using Microsoft.DurableTask;

using MusicVideo.Core.Workflow;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Submits a character reference image to the image provider.</summary>
public sealed class SubmitImageActivity(ImageGenerator images, ActivityCancellation cancellation) : TaskActivity<SubmitImageInput, ProviderSubmission>
{
    /// <inheritdoc />
    public override async Task<ProviderSubmission> RunAsync(TaskActivityContext context, SubmitImageInput input)
    {
        var submitted = await ProviderCalls.GuardAsync(() => images.SubmitAsync(input.Request, input.IdempotencyKey, cancellation.Token));
        return new ProviderSubmission(submitted.JobId, images.PollInterval.TotalSeconds);
    }
}
