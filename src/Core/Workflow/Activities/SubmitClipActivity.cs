using MusicVideo.Core.Providers;
using MusicVideo.Core.Storage;
using Microsoft.DurableTask;

using MusicVideo.Core.Workflow;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Submits a clip to the clip provider; the idempotency key makes a redelivered submit return the same job.</summary>
public sealed class SubmitClipActivity(ClipGenerator clips, MediaStore media, ActivityCancellation cancellation) : TaskActivity<SubmitClipInput, ProviderSubmission>
{
    /// <inheritdoc />
    public override async Task<ProviderSubmission> RunAsync(TaskActivityContext context, SubmitClipInput input)
    {
        var job = input.Job;
        string? reference = job.CharacterReferenceId is { } id
            ? await media.TryGetLocalPathAsync(MediaKind.CharacterReference, id, cancellation.Token)
            : null;
        var request = new ClipRequest(job.Prompt, job.AspectRatio, job.DurationSeconds, job.NegativePrompt, job.Seed, reference);
        var submitted = await ProviderCalls.GuardAsync(() => clips.SubmitAsync(request, input.IdempotencyKey, cancellation.Token));
        return new ProviderSubmission(submitted.JobId, clips.PollInterval.TotalSeconds);
    }
}
