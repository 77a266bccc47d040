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
/// registry does not serve); the logic stays in Core so every host runs the same orchestrators. The orchestration's input
/// is the method's one parameter without a binding attribute, which Durable Functions binds (its preferred form).
/// </remarks>
public static class OrchestratorFunctions
{
    /// <summary>The music video job.</summary>
    [Function(WorkflowNames.MusicVideoJob)]
    public static Task<MusicVideoJobResult> MusicVideoJobAsync([OrchestrationTrigger] TaskOrchestrationContext context, MusicVideoJobInput input) =>
        RunAsync<MusicVideoJobOrchestrator, MusicVideoJobInput, MusicVideoJobResult>(context, input);

    /// <summary>One clip.</summary>
    [Function(WorkflowNames.GenerateClip)]
    public static Task<ClipAsset> GenerateClipAsync([OrchestrationTrigger] TaskOrchestrationContext context, ClipJob input) =>
        RunAsync<GenerateClipOrchestrator, ClipJob, ClipAsset>(context, input);

    /// <summary>One character reference image.</summary>
    [Function(WorkflowNames.GenerateImage)]
    public static Task<ImageAsset> GenerateImageAsync([OrchestrationTrigger] TaskOrchestrationContext context, ImageRequest input) =>
        RunAsync<GenerateImageOrchestrator, ImageRequest, ImageAsset>(context, input);

    /// <summary>Character reference images in parallel.</summary>
    [Function(WorkflowNames.CharacterReferences)]
    public static Task<CharacterReferencesResult> CharacterReferencesAsync([OrchestrationTrigger] TaskOrchestrationContext context, CharacterReferencesInput input) =>
        RunAsync<CharacterReferencesOrchestrator, CharacterReferencesInput, CharacterReferencesResult>(context, input);

    /// <summary>Stitch existing clips.</summary>
    [Function(WorkflowNames.Stitch)]
    public static Task<StitchOutput> StitchAsync([OrchestrationTrigger] TaskOrchestrationContext context, StitchJobInput input) =>
        RunAsync<StitchOrchestrator, StitchJobInput, StitchOutput>(context, input);

    /// <summary>Write scenes only.</summary>
    [Function(WorkflowNames.CreateScenes)]
    public static Task<ScenePlan> CreateScenesAsync([OrchestrationTrigger] TaskOrchestrationContext context, ScenePlanRequest input) =>
        RunAsync<CreateScenesOrchestrator, ScenePlanRequest, ScenePlan>(context, input);

    static Task<TOutput> RunAsync<TOrchestrator, TInput, TOutput>(TaskOrchestrationContext context, TInput input)
        where TOrchestrator : TaskOrchestrator<TInput, TOutput>, new()
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TOrchestrator().RunAsync(context, input);
    }
}
