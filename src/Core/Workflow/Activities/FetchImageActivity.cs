using MusicVideo.Core.Providers;
using MusicVideo.Core.Storage;
using Microsoft.DurableTask;

using MusicVideo.Core.Workflow;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Downloads a finished character reference image into the media store.</summary>
public sealed class FetchImageActivity(ImageGenerator images, MediaStore media, MusicVideoOptions options, ActivityCancellation cancellation) : TaskActivity<FetchImageInput, ImageAsset>
{
    /// <inheritdoc />
    public override async Task<ImageAsset> RunAsync(TaskActivityContext context, FetchImageInput input)
    {
        var ct = cancellation.Token;
        var stored = await media.GetMetadataAsync(MediaKind.CharacterReference, input.ImageId, ct);
        if (stored is null)
        {
            // Not stored yet (a redelivery after a crash finds it stored and skips the download).
            Directory.CreateDirectory(options.TempDirectory);
            string temp = Path.Combine(options.TempDirectory, $"{input.ImageId:N}.download.png");
            await ProviderCalls.GuardAsync(() => images.FetchAsync(input.JobId, temp, ct));
            stored = await media.PutFileAsync(MediaKind.CharacterReference, input.ImageId, temp, new MediaMetadata
            {
                Prompt = input.Request.CharacterDescription,
                NegativePrompt = input.Request.NegativePrompt,
                Provider = images.Name,
                Model = images.Model,
                ProviderJobId = input.JobId,
                Seed = input.Request.Seed,
                AspectRatio = input.Request.AspectRatio,
                CostUsd = await ProviderCosts.ReadAsync(() => images.CostAsync(input.JobId, ct)),
            }, moveSource: true, ct);
        }

        // The API route, never a presigned link: this output is durable state, and links are made when responses are built.
        return new ImageAsset(input.ImageId, MediaStore.ApiRouteFor(MediaKind.CharacterReference, input.ImageId), stored.CostUsd ?? 0);
    }
}
