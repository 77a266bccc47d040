using MusicVideo.Core.Workflow.Activities;
using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>Stitches existing clips and an optional song into a new video.</summary>
public sealed class StitchOrchestrator : TaskOrchestrator<StitchJobInput, StitchOutput>
{
    /// <inheritdoc />
    public override Task<StitchOutput> RunAsync(TaskOrchestrationContext context, StitchJobInput input) =>
        context.CallActivityAsync<StitchOutput>(
            WorkflowNames.StitchActivity,
            new StitchInput(input.VideoIds, input.SongId, LoopSong: false, input.SuppressClipAudio, context.NewGuid(), input.FitToSong),
            RetryPolicies.Stitching);
}
