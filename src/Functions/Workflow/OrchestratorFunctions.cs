using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Activities;
using MusicVideo.Core.Workflow.Models;
using MusicVideo.Core.Workflow.Orchestrations;

namespace MusicVideo.Functions.Workflow;

/// <summary>
/// One orchestrator function per orchestrator of Core's registry, under the same name, each running Core's class.
/// </summary>
/// <remarks>
/// Durable Functions registers only [Function] methods here (class-based tasks need the source generator, which the
/// registry does not serve); the logic stays in Core so every host runs the same orchestrators.
/// </remarks>
public static class OrchestratorFunctions
{
    /// <summary>The music video job.</summary>
    [Function(WorkflowNames.MusicVideoJob)]
    public static Task<MusicVideoJobResult> MusicVideoJobAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync<MusicVideoJobOrchestrator, MusicVideoJobInput, MusicVideoJobResult>(context);

    /// <summary>One clip.</summary>
    [Function(WorkflowNames.GenerateClip)]
    public static Task<ClipAsset> GenerateClipAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync<GenerateClipOrchestrator, ClipJob, ClipAsset>(context);

    /// <summary>One character reference image.</summary>
    [Function(WorkflowNames.GenerateImage)]
    public static Task<ImageAsset> GenerateImageAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync<GenerateImageOrchestrator, ImageRequest, ImageAsset>(context);

    /// <summary>Character reference images in parallel.</summary>
    [Function(WorkflowNames.CharacterReferences)]
    public static Task<CharacterReferencesResult> CharacterReferencesAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync<CharacterReferencesOrchestrator, CharacterReferencesInput, CharacterReferencesResult>(context);

    /// <summary>Stitch existing clips.</summary>
    [Function(WorkflowNames.Stitch)]
    public static Task<StitchOutput> StitchAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync<StitchOrchestrator, StitchJobInput, StitchOutput>(context);

    /// <summary>Write scenes only.</summary>
    [Function(WorkflowNames.CreateScenes)]
    public static Task<ScenePlan> CreateScenesAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync<CreateScenesOrchestrator, ScenePlanRequest, ScenePlan>(context);

    static Task<TOutput> RunAsync<TOrchestrator, TInput, TOutput>(TaskOrchestrationContext context)
        where TOrchestrator : TaskOrchestrator<TInput, TOutput>, new()
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TOrchestrator().RunAsync(context, context.GetInput<TInput>()!);
    }
}
