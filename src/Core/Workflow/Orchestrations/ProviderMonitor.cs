using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow.Activities;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>The monitor pattern for a long-running provider job: poll (bounded, inside an activity) and sleep on durable timers.</summary>
static class ProviderMonitor
{
    /// <summary>The longest one poll activity waits before the orchestration sleeps on a durable timer.</summary>
    const double MaxActivityWaitSeconds = 20;

    /// <summary>How long a provider job may run before the attempt is given up (real clips take 2–7 minutes).</summary>
    static readonly TimeSpan MaxJobDuration = TimeSpan.FromHours(1);

    public static async Task WaitUntilSucceededAsync(TaskOrchestrationContext context, string waitActivity, ProviderSubmission submission)
    {
        // Bounded, so a provider that never finishes cannot grow the history forever; the attempt then fails retriably.
        DateTime deadline = context.CurrentUtcDateTime + MaxJobDuration;
        while (context.CurrentUtcDateTime < deadline)
        {
            var status = await context.CallActivityAsync<ProviderJobStatus>(
                waitActivity, new WaitForJobInput(submission.JobId, MaxActivityWaitSeconds), RetryPolicies.Provider);
            switch (status.State)
            {
                case ProviderJobState.Succeeded:
                    return;
                case ProviderJobState.Failed when status.Retriable:
                    throw new ProviderJobFailedException(status.Error ?? $"Provider job {submission.JobId} failed.");
                case ProviderJobState.Failed:
                    throw new PermanentFailureException(status.Error ?? $"Provider job {submission.JobId} failed.");
            }

            // Still running: sleep on a durable timer, so a crash or restart resumes polling the same job.
            var delay = TimeSpan.FromSeconds(Math.Max(submission.PollIntervalSeconds, status.RetryAfter?.TotalSeconds ?? 0));
            await context.CreateTimer(delay, CancellationToken.None);
        }

        throw new ProviderJobFailedException($"Provider job {submission.JobId} did not finish within {MaxJobDuration.TotalMinutes:0} minutes.");
    }
}
