using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow.Activities;
using MusicVideo.Core.Workflow.Models;
using MusicVideo.Core.Workflow.Orchestrations;
using MusicVideo.Durable;

namespace MusicVideo.Core.Workflow;

/// <summary>Registers the workflow's orchestrations and activities with an engine registry.</summary>
public static class MusicVideoWorkflow
{
    /// <summary>Adds every orchestration and activity of the music video workflow.</summary>
    public static DurableTaskRegistry Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<MusicVideoJobOrchestrator, MusicVideoJobInput, MusicVideoJobResult>(WorkflowNames.MusicVideoJob)
            .AddOrchestrator<GenerateClipOrchestrator, ClipJob, ClipAsset>(WorkflowNames.GenerateClip)
            .AddOrchestrator<GenerateImageOrchestrator, ImageRequest, ImageAsset>(WorkflowNames.GenerateImage)
            .AddOrchestrator<CharacterReferencesOrchestrator, CharacterReferencesInput, CharacterReferencesResult>(WorkflowNames.CharacterReferences)
            .AddOrchestrator<StitchOrchestrator, StitchJobInput, StitchOutput>(WorkflowNames.Stitch)
            .AddOrchestrator<CreateScenesOrchestrator, ScenePlanRequest, ScenePlan>(WorkflowNames.CreateScenes)
            .AddActivity<PlanScenesActivity, ScenePlanRequest, ScenePlan>(WorkflowNames.PlanScenesActivity)
            .AddActivity<SubmitClipActivity, SubmitClipInput, ProviderSubmission>(WorkflowNames.SubmitClipActivity)
            .AddActivity<WaitForClipActivity, WaitForJobInput, ProviderJobStatus>(WorkflowNames.WaitForClipActivity)
            .AddActivity<FetchClipActivity, FetchClipInput, ClipAsset>(WorkflowNames.FetchClipActivity)
            .AddActivity<SubmitImageActivity, SubmitImageInput, ProviderSubmission>(WorkflowNames.SubmitImageActivity)
            .AddActivity<WaitForImageActivity, WaitForJobInput, ProviderJobStatus>(WorkflowNames.WaitForImageActivity)
            .AddActivity<FetchImageActivity, FetchImageInput, ImageAsset>(WorkflowNames.FetchImageActivity)
            .AddActivity<StitchActivity, StitchInput, StitchOutput>(WorkflowNames.StitchActivity);
    }
}
