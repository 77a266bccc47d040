using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow.Activities;
using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>Draws 1–4 character references in parallel; returns what succeeded with a warning per failure.</summary>
public sealed class CharacterReferencesOrchestrator : TaskOrchestrator<CharacterReferencesInput, CharacterReferencesResult>
{
    /// <inheritdoc />
    public override async Task<CharacterReferencesResult> RunAsync(TaskOrchestrationContext context, CharacterReferencesInput input)
    {
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromSeconds(2)));
        var progress = new CharacterReferencesProgress { ImagesRequested = input.NumImages };
        context.SetCustomStatus(progress);
        var tasks = Enumerable.Range(0, input.NumImages).Select(async i =>
        {
            var request = new ImageRequest(input.CharacterDescription, input.AspectRatio, input.Seed + i, i, input.NegativePrompt);
            try
            {
                var image = await context.CallSubOrchestratorAsync<ImageAsset>(WorkflowNames.GenerateImage, request, retry);
                progress = progress with { ImagesGenerated = progress.ImagesGenerated + 1, CostUsd = progress.CostUsd + image.CostUsd };
                context.SetCustomStatus(progress);
                return (Image: image, Error: (string?)null);
            }
            catch (TaskFailedException ex)
            {
                progress = progress with { ImagesFailed = progress.ImagesFailed + 1 };
                context.SetCustomStatus(progress);
                return (Image: (ImageAsset?)null, Error: $"image {i + 1}: {ex.FailureDetails.RootCauseMessage()}");
            }
        }).ToList();
        var results = await Task.WhenAll(tasks);
        var images = results.Where(r => r.Image is not null).Select(r => r.Image!).ToList();
        var warnings = results.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
        return images.Count > 0
            ? new CharacterReferencesResult(images, warnings, images.Sum(i => i.CostUsd))
            : throw new PermanentFailureException("No character reference could be generated: " + string.Join("; ", warnings));
    }
}
