using MusicVideo.Core.Providers;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Polls a provider job inside one activity for a bounded time, so fast jobs finish without a durable timer round trip.</summary>
static class ProviderPolling
{
    public static async Task<ProviderJobStatus> WaitAsync(
        Func<CancellationToken, Task<ProviderJobStatus>> poll, TimeSpan interval, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + maxWait;
        while (true)
        {
            var status = await poll(cancellationToken).ConfigureAwait(false);
            if (status.IsTerminal || DateTime.UtcNow + interval > deadline)
            {
                return status;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
