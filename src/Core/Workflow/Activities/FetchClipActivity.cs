using MusicVideo.Core.Media;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask;

using MusicVideo.Core.Workflow;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Downloads a finished clip into the media store, probes it and records its metadata.</summary>
public sealed class FetchClipActivity(ClipGenerator clips, MediaStore media, MediaProbe probe, MusicVideoOptions options, ActivityCancellation cancellation)
    : TaskActivity<FetchClipInput, ClipAsset>
{
    /// <inheritdoc />
    public override async Task<ClipAsset> RunAsync(TaskActivityContext context, FetchClipInput input)
    {
        var ct = cancellation.Token;
        var stored = await media.GetMetadataAsync(MediaKind.Video, input.VideoId, ct);
        if (stored is null)
        {
            // Not stored yet (a redelivery after a crash finds it stored and skips the download).
            Directory.CreateDirectory(options.TempDirectory);
            string temp = Path.Combine(options.TempDirectory, $"{input.VideoId:N}.{Guid.NewGuid():N}.download.mp4");
            await ProviderCalls.GuardAsync(() => clips.FetchAsync(input.JobId, temp, ct));
            var info = await probe.ProbeAsync(temp, ct);
            if (info.Video is null)
            {
                throw new PermanentFailureException($"The provider returned a file without a video stream for job {input.JobId}.");
            }

            stored = await media.PutFileAsync(MediaKind.Video, input.VideoId, temp, new MediaMetadata
            {
                Prompt = input.Job.Prompt,
                NegativePrompt = input.Job.NegativePrompt,
                Provider = clips.Name,
                Model = clips.Model,
                ProviderJobId = input.JobId,
                Seed = input.Job.Seed,
                AspectRatio = input.Job.AspectRatio,
                CharacterReferenceId = input.Job.CharacterReferenceId,
                DurationSeconds = info.DurationSeconds,
                Width = info.Video.Width,
                Height = info.Video.Height,
                CostUsd = await ProviderCosts.ReadAsync(() => clips.CostAsync(input.JobId, ct)),
                Parameters = new System.Text.Json.Nodes.JsonObject { [ClipProbe.MetadataKey] = ClipProbe.ToJson(info) },
            }, moveSource: true, ct);
        }

        // The API route, never a presigned link: this output is durable state, and links are made when responses are built.
        return new ClipAsset(
            input.VideoId, MediaStore.ApiRouteFor(MediaKind.Video, input.VideoId), stored.DurationSeconds ?? 0, stored.Width ?? 0, stored.Height ?? 0, input.JobId,
            stored.CostUsd ?? 0, stored.Provider ?? clips.Name, stored.Model ?? clips.Model);
    }
}
