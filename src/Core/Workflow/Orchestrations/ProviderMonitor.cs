using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow.Activities;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>
/// The monitor pattern for a long-running provider job: wait for the provider's completion event (webhook) when one was asked for,
/// then poll — one bounded poll per activity, sleeping on durable timers in between and honouring the provider's <c>Retry-After</c>.
/// </summary>
static class ProviderMonitor
{
    /// <summary>The longest one poll activity waits before the orchestration sleeps on a durable timer (fast local jobs only).</summary>
    const double MaxActivityWaitSeconds = 20;

    /// <summary>How long a provider job may run before the attempt is given up (real clips take 2–7 minutes).</summary>
    static readonly TimeSpan MaxJobDuration = TimeSpan.FromHours(1);

    public static async Task WaitUntilSucceededAsync(TaskOrchestrationContext context, string waitActivity, ProviderSubmission submission)
    {
        // Bounded, so a provider that never finishes cannot grow the history forever; the attempt then fails retriably.
        DateTime deadline = context.CurrentUtcDateTime + MaxJobDuration;
        bool eventWaitRanOut = false;
        if (submission.CompletionEventWaitSeconds is double wait and > 0)
        {
            try
            {
                var pushed = await context.WaitForExternalEvent<ProviderJobStatus>(
                    ProviderJob.CompletionEventName(submission.JobId), TimeSpan.FromSeconds(wait));
                if (pushed.IsTerminal)
                {
                    Settle(pushed, submission);
                    return;
                }
            }
            catch (TaskCanceledException)
            {
                // No webhook in time (lost, or the server was unreachable): fall back to polling.
                eventWaitRanOut = true;
            }
        }

        // Remote providers are polled once per activity, so no activity holds a worker slot while a job runs for minutes.
        double interval = submission.PollIntervalSeconds;
        double activityWait = interval >= 1 ? 0 : MaxActivityWaitSeconds;

        // A provider that asks for it is first read shortly after the submit (a just-created job is never done, and a refused one is seen
        // within seconds), the wait doubling up to the interval; after a webhook wait that ran out the job is read at once.
        double? backoff = !eventWaitRanOut && submission.FirstPollSeconds is double first and > 0 ? Math.Min(first, interval) : null;
        if (backoff is double firstWait)
        {
            await context.CreateTimer(TimeSpan.FromSeconds(firstWait), CancellationToken.None);
        }

        while (context.CurrentUtcDateTime < deadline)
        {
            var status = await context.CallActivityAsync<ProviderJobStatus>(
                waitActivity, new WaitForJobInput(submission.JobId, activityWait), RetryPolicies.Provider);
            if (status.IsTerminal)
            {
                Settle(status, submission);
                return;
            }

            // Still running (or the read was throttled): sleep on a durable timer, so a crash or restart resumes polling the same job.
            if (backoff is double previous)
            {
                backoff = Math.Min(interval, previous * 2);
            }

            var delay = TimeSpan.FromSeconds(Math.Max(backoff ?? interval, status.RetryAfter?.TotalSeconds ?? 0));
            await context.CreateTimer(delay, CancellationToken.None);
        }

        throw new ProviderJobFailedException($"Provider job {submission.JobId} did not finish within {MaxJobDuration.TotalMinutes:0} minutes.");
    }

    static void Settle(ProviderJobStatus status, ProviderSubmission submission)
    {
        switch (status.State)
        {
            case ProviderJobState.Succeeded:
                return;
            case ProviderJobState.Failed when status.Retriable:
                throw new ProviderJobFailedException(status.Error ?? $"Provider job {submission.JobId} failed.");
            default:
                throw new PermanentFailureException(status.Error ?? $"Provider job {submission.JobId} failed.");
        }
    }
}
