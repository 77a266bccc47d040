using System.Text.Json;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using MusicVideo.Api.Management;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow;

namespace MusicVideo.Api.Workflow;

/// <summary>After a termination, cancels the provider jobs the terminated clip and image orchestrations had submitted.</summary>
/// <remarks>
/// Terminating an orchestration stops its code but not a job it started at a provider. The idempotency keys the
/// submit activities were given are in the history, and providers cancel by key, also a job whose submit is still
/// in flight (the key is tombstoned), so no render starts or keeps running for a terminated job.
/// </remarks>
public sealed class ProviderJobCanceller(DurableTaskClient client, ClipGenerator clips, ImageGenerator images, ILogger<ProviderJobCanceller> logger)
    : TerminationObserver
{
    /// <inheritdoc />
    public override void OnTerminated(string instanceId) => _ = Task.Run(() => this.CancelAsync(instanceId, CancellationToken.None));

    /// <summary>Cancels the provider jobs of an instance and of all its sub-orchestrations; returns how many keys were cancelled.</summary>
    public async Task<int> CancelAsync(string instanceId, CancellationToken cancellation)
    {
        try
        {
            // Collected over the whole tree first: one cancel per provider stops every job together.
            var clipKeys = new List<string>();
            var imageKeys = new List<string>();
            await this.CollectTreeAsync(instanceId, clipKeys, imageKeys, cancellation);
            await clips.CancelAsync(clipKeys, cancellation);
            await images.CancelAsync(imageKeys, cancellation);
            return clipKeys.Count + imageKeys.Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Cancelling the provider jobs of terminated instance {InstanceId} failed: {Message}", instanceId, ex.Message);
            return 0;
        }
    }

    async Task CollectTreeAsync(string instanceId, List<string> clipKeys, List<string> imageKeys, CancellationToken cancellation)
    {
        // The engine terminates children in the background; wait until this one has settled before reading its history.
        // Still running after the timeout: cancel what it submitted so far anyway.
        await TerminationSettling.WaitAsync(client, instanceId, getInputsAndOutputs: false, cancellation);

        foreach (var e in await client.GetOrchestrationHistoryAsync(instanceId, cancellation))
        {
            switch (e)
            {
                case SubOrchestrationInstanceCreatedEvent child when child.InstanceId is not null:
                    await this.CollectTreeAsync(child.InstanceId, clipKeys, imageKeys, cancellation);
                    break;
                case TaskScheduledEvent task when KeyOf(task.Input) is { } key:
                    if (string.Equals(task.Name, WorkflowNames.SubmitClipActivity, StringComparison.OrdinalIgnoreCase))
                    {
                        clipKeys.Add(key);
                    }
                    else if (string.Equals(task.Name, WorkflowNames.SubmitImageActivity, StringComparison.OrdinalIgnoreCase))
                    {
                        imageKeys.Add(key);
                    }

                    break;
            }
        }
    }

    /// <summary>The <c>idempotency_key</c> field of a JSON object (a submit activity's input, a clip's custom status), or null.</summary>
    internal static string? KeyOf(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return null;
        }

        using var document = JsonDocument.Parse(input);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("idempotency_key", out var key)
            ? key.GetString()
            : null;
    }
}
