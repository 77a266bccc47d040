using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow.Activities;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>Generates one character reference image: submit, poll, fetch into storage.</summary>
public sealed class GenerateImageOrchestrator : TaskOrchestrator<ImageRequest, ImageAsset>
{
    /// <inheritdoc />
    public override async Task<ImageAsset> RunAsync(TaskOrchestrationContext context, ImageRequest input)
    {
        string key = context.NewGuid().ToString("N");
        var submission = await context.CallActivityAsync<ProviderSubmission>(
            WorkflowNames.SubmitImageActivity, new SubmitImageInput(input, key), RetryPolicies.Provider);
        await ProviderMonitor.WaitUntilSucceededAsync(context, WorkflowNames.WaitForImageActivity, submission);
        return await context.CallActivityAsync<ImageAsset>(
            WorkflowNames.FetchImageActivity, new FetchImageInput(submission.JobId, context.NewGuid(), input), RetryPolicies.Provider);
    }
}
