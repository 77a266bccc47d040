using MusicVideo.Core.Providers;
using MusicVideo.Core.Storage;
using Microsoft.DurableTask;

using MusicVideo.Core.Workflow;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Submits a clip to the clip provider; the idempotency key makes a redelivered submit return the same job.</summary>
public sealed class SubmitClipActivity(ClipGenerator clips, MediaStore media, MusicVideoOptions options, ActivityCancellation cancellation) : TaskActivity<SubmitClipInput, ProviderSubmission>
{
    /// <inheritdoc />
    public override async Task<ProviderSubmission> RunAsync(TaskActivityContext context, SubmitClipInput input)
    {
        var job = input.Job;
        // Unless the provider reads the reference from the store itself (a presigned URL), it reads it as a local file, possibly
        // after submit (the local renderer does when it renders), so a cloud store's copy goes to a folder shared by every attempt.
        string? reference = job.CharacterReferenceId is { } id && !clips.ReadsReferencesFromStore
            ? await media.MaterializeAsync(MediaKind.CharacterReference, id, Path.Combine(options.TempDirectory, "references"), cancellation.Token)
            : null;
        var request = new ClipRequest(
            job.Prompt, job.AspectRatio, job.DurationSeconds, job.NegativePrompt, job.Seed, reference, NotifyInstanceId: context.InstanceId,
            ReferenceImageId: clips.ReadsReferencesFromStore ? job.CharacterReferenceId : null);
        var submitted = await ProviderCalls.GuardAsync(() => clips.SubmitAsync(request, input.IdempotencyKey, cancellation.Token));
        return new ProviderSubmission(submitted.JobId, clips.PollInterval.TotalSeconds, clips.CompletionEventWait?.TotalSeconds, clips.FirstPollDelay?.TotalSeconds);
    }
}
