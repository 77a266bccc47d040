using Microsoft.DurableTask.Client;

namespace MusicVideo.Api.Workflow;

/// <summary>Waits for a terminated instance to reach its end state, bounded: engines apply a termination in the background.</summary>
static class TerminationSettling
{
    /// <summary>How long a terminated instance may take to end before its provider jobs are cancelled anyway.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="instanceId"/> has ended, for at most <see cref="Timeout"/>.</summary>
    /// <returns>The ended instance, or null when it was still running after the timeout.</returns>
    public static async Task<OrchestrationMetadata?> WaitAsync(DurableTaskClient client, string instanceId, bool getInputsAndOutputs, CancellationToken cancellation)
    {
        using var settle = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        settle.CancelAfter(Timeout);
        try
        {
            return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, settle.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
    }
}
