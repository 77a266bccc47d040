using System.Text.Json;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Workflow;
using Microsoft.DurableTask.Client;

namespace MusicVideo.Api;

/// <summary>
/// Deletes a finished music video job: its instance, its clip sub-orchestrations, and the videos only it uses
/// (its cut and its clips). A video that any other instance still names (an edit reusing the clip, a stitch) is kept;
/// uploaded songs and character references are inputs, never deleted with a job.
/// </summary>
public sealed class JobDeleter(DurableTaskClient client, MediaStore media, ClipGenerator clips)
{
    /// <summary>Why a deletion did not happen.</summary>
    public enum Refusal
    {
        /// <summary>No music video job has the id.</summary>
        NotFound,

        /// <summary>The job is still running (terminate it first).</summary>
        Running,
    }

    /// <summary>What a deletion removed.</summary>
    /// <param name="JobId">The job.</param>
    /// <param name="InstancesDeleted">The job plus its clip sub-orchestrations.</param>
    /// <param name="DeletedVideoIds">Videos removed from storage.</param>
    /// <param name="KeptVideoIds">This job's videos kept because another instance still uses them.</param>
    public sealed record Outcome(string JobId, int InstancesDeleted, IReadOnlyList<Guid> DeletedVideoIds, IReadOnlyList<Guid> KeptVideoIds);

    /// <summary>Deletes the job, or returns why not (with the job's status for <see cref="Refusal.Running"/>).</summary>
    public async Task<(Outcome? Outcome, Refusal? Refusal, OrchestrationRuntimeStatus? Status)> DeleteAsync(string jobId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var job = await client.GetInstanceAsync(jobId, getInputsAndOutputs: true, cancellation);
        if (job is null || job.Name != WorkflowNames.MusicVideoJob)
        {
            return (null, Refusal.NotFound, null);
        }

        if (!job.IsCompleted)
        {
            return (null, Refusal.Running, job.RuntimeStatus);
        }

        // Clip sub-orchestrations are named {jobId}-scene{n}-try{attempt} by MusicVideoJob.
        string childPrefix = jobId + "-scene";
        var own = new List<OrchestrationMetadata> { job };
        var others = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery(PageSize: 1000, FetchInputsAndOutputs: true)).WithCancellation(cancellation))
        {
            if (instance.InstanceId != jobId)
            {
                (instance.InstanceId.StartsWith(childPrefix, StringComparison.Ordinal) ? own : others).Add(instance);
            }
        }

        var candidates = new HashSet<Guid>();
        foreach (var instance in own)
        {
            CollectIds(instance, candidates);
        }

        var referenced = new HashSet<Guid>();
        foreach (var instance in others)
        {
            CollectIds(instance, referenced);
        }

        var deleted = new List<Guid>();
        var kept = new List<Guid>();
        foreach (var id in candidates.Order())
        {
            var metadata = await media.GetMetadataAsync(MediaKind.Video, id, cancellation);
            if (metadata is null)
            {
                continue;
            }

            if (referenced.Contains(id))
            {
                kept.Add(id);
                continue;
            }

            await media.DeleteAsync(MediaKind.Video, id, cancellation);
            if (metadata.ProviderJobId is { } providerJob && metadata.Provider == clips.Name)
            {
                await clips.DeleteJobAsync(providerJob, cancellation);
            }

            deleted.Add(id);
        }

        int purged = 0;
        foreach (var instance in own.Skip(1).Append(job))
        {
            purged += (await client.PurgeInstanceAsync(instance.InstanceId, cancellation)).PurgedInstanceCount;
        }

        return (new Outcome(jobId, purged, deleted, kept), null, null);
    }

    /// <summary>Every UUID string in an instance's input, output and custom status (over-collecting only keeps more).</summary>
    static void CollectIds(OrchestrationMetadata instance, HashSet<Guid> into)
    {
        foreach (string? json in new[] { instance.SerializedInput, instance.SerializedOutput, instance.SerializedCustomStatus })
        {
            if (string.IsNullOrEmpty(json))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(json);
                Walk(document.RootElement, into);
            }
            catch (JsonException)
            {
                // Not JSON (e.g. a failure text): it names no media.
            }
        }
    }

    static void Walk(JsonElement element, HashSet<Guid> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, into);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, into);
                }

                break;
            case JsonValueKind.String when Guid.TryParse(element.GetString(), out var id):
                into.Add(id);
                break;
        }
    }
}
