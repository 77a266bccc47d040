using MusicVideo.Core.Workflow.Activities;
using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>Generates one clip: submit (once per attempt), poll until done, fetch into storage and probe.</summary>
public sealed class GenerateClipOrchestrator : TaskOrchestrator<ClipJob, ClipAsset>
{
    /// <inheritdoc />
    public override async Task<ClipAsset> RunAsync(TaskOrchestrationContext context, ClipJob input)
    {
        // The key is recorded in history, so a redelivered submit returns the same provider job. A job orchestration chooses it
        // itself (to ask later what a failed attempt cost); otherwise it is made here. It is in the status too, committed with
        // the submit's scheduling, so a host without history reads (Durable Functions) can still cancel the job by key when
        // this instance is terminated.
        string key = input.AttemptKey ?? context.NewGuid().ToString("N");
        context.SetCustomStatus(new { state = "submitting", idempotency_key = key });
        var submission = await context.CallActivityAsync<ProviderSubmission>(
            WorkflowNames.SubmitClipActivity, new SubmitClipInput(input, key), RetryPolicies.Provider);
        context.SetCustomStatus(new { state = "running", provider_job_id = submission.JobId, idempotency_key = key });
        await ProviderMonitor.WaitUntilSucceededAsync(context, WorkflowNames.WaitForClipActivity, submission);
        context.SetCustomStatus(new { state = "fetching", provider_job_id = submission.JobId, idempotency_key = key });
        return await context.CallActivityAsync<ClipAsset>(
            WorkflowNames.FetchClipActivity, new FetchClipInput(submission.JobId, context.NewGuid(), input), RetryPolicies.Provider);
    }
}
