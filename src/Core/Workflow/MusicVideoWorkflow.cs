using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow.Activities;
using MusicVideo.Core.Workflow.Models;
using MusicVideo.Core.Workflow.Orchestrations;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow;

/// <summary>Registers the workflow's orchestrations and activities with Microsoft.DurableTask's registry, for any host and backend.</summary>
public static class MusicVideoWorkflow
{
    /// <summary>Adds every orchestration and activity of the music video workflow.</summary>
    public static DurableTaskRegistry Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<MusicVideoJobOrchestrator>(WorkflowNames.MusicVideoJob)
            .AddOrchestrator<GenerateClipOrchestrator>(WorkflowNames.GenerateClip)
            .AddOrchestrator<GenerateImageOrchestrator>(WorkflowNames.GenerateImage)
            .AddOrchestrator<CharacterReferencesOrchestrator>(WorkflowNames.CharacterReferences)
            .AddOrchestrator<StitchOrchestrator>(WorkflowNames.Stitch)
            .AddOrchestrator<CreateScenesOrchestrator>(WorkflowNames.CreateScenes)
            .AddActivity<PlanScenesActivity>(WorkflowNames.PlanScenesActivity)
            .AddActivity<PlanCostActivity>(WorkflowNames.PlanCostActivity)
            .AddActivity<SubmitClipActivity>(WorkflowNames.SubmitClipActivity)
            .AddActivity<WaitForClipActivity>(WorkflowNames.WaitForClipActivity)
            .AddActivity<FetchClipActivity>(WorkflowNames.FetchClipActivity)
            .AddActivity<ClipAttemptCostActivity>(WorkflowNames.ClipAttemptCostActivity)
            .AddActivity<SubmitImageActivity>(WorkflowNames.SubmitImageActivity)
            .AddActivity<WaitForImageActivity>(WorkflowNames.WaitForImageActivity)
            .AddActivity<FetchImageActivity>(WorkflowNames.FetchImageActivity)
            .AddActivity<StitchActivity>(WorkflowNames.StitchActivity);
    }
}
