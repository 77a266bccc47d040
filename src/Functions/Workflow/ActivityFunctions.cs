using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Activities;
using MusicVideo.Core.Workflow.Models;

namespace MusicVideo.Functions.Workflow;

/// <summary>One activity function per activity of Core's registry, under the same name, each running Core's class with the app's services.</summary>
public sealed class ActivityFunctions(IServiceProvider services)
{
    /// <summary>Writes the scenes.</summary>
    [Function(WorkflowNames.PlanScenesActivity)]
    public Task<ScenePlan> PlanScenesAsync([ActivityTrigger] ScenePlanRequest input, string instanceId) =>
        this.RunAsync<PlanScenesActivity, ScenePlanRequest, ScenePlan>(WorkflowNames.PlanScenesActivity, instanceId, input);

    /// <summary>Reads what a plan's model calls cost.</summary>
    [Function(WorkflowNames.PlanCostActivity)]
    public Task<decimal> PlanCostAsync([ActivityTrigger] string input, string instanceId) =>
        this.RunAsync<PlanCostActivity, string, decimal>(WorkflowNames.PlanCostActivity, instanceId, input);

    /// <summary>Submits a clip job.</summary>
    [Function(WorkflowNames.SubmitClipActivity)]
    public Task<ProviderSubmission> SubmitClipAsync([ActivityTrigger] SubmitClipInput input, string instanceId) =>
        this.RunAsync<SubmitClipActivity, SubmitClipInput, ProviderSubmission>(WorkflowNames.SubmitClipActivity, instanceId, input);

    /// <summary>Polls a clip job for a bounded time.</summary>
    [Function(WorkflowNames.WaitForClipActivity)]
    public Task<ProviderJobStatus> WaitForClipAsync([ActivityTrigger] WaitForJobInput input, string instanceId) =>
        this.RunAsync<WaitForClipActivity, WaitForJobInput, ProviderJobStatus>(WorkflowNames.WaitForClipActivity, instanceId, input);

    /// <summary>Downloads a finished clip into the media store.</summary>
    [Function(WorkflowNames.FetchClipActivity)]
    public Task<ClipAsset> FetchClipAsync([ActivityTrigger] FetchClipInput input, string instanceId) =>
        this.RunAsync<FetchClipActivity, FetchClipInput, ClipAsset>(WorkflowNames.FetchClipActivity, instanceId, input);

    /// <summary>Reads what a clip attempt cost.</summary>
    [Function(WorkflowNames.ClipAttemptCostActivity)]
    public Task<decimal> ClipAttemptCostAsync([ActivityTrigger] string input, string instanceId) =>
        this.RunAsync<ClipAttemptCostActivity, string, decimal>(WorkflowNames.ClipAttemptCostActivity, instanceId, input);

    /// <summary>Submits an image job.</summary>
    [Function(WorkflowNames.SubmitImageActivity)]
    public Task<ProviderSubmission> SubmitImageAsync([ActivityTrigger] SubmitImageInput input, string instanceId) =>
        this.RunAsync<SubmitImageActivity, SubmitImageInput, ProviderSubmission>(WorkflowNames.SubmitImageActivity, instanceId, input);

    /// <summary>Polls an image job for a bounded time.</summary>
    [Function(WorkflowNames.WaitForImageActivity)]
    public Task<ProviderJobStatus> WaitForImageAsync([ActivityTrigger] WaitForJobInput input, string instanceId) =>
        this.RunAsync<WaitForImageActivity, WaitForJobInput, ProviderJobStatus>(WorkflowNames.WaitForImageActivity, instanceId, input);

    /// <summary>Downloads a finished image into the media store.</summary>
    [Function(WorkflowNames.FetchImageActivity)]
    public Task<ImageAsset> FetchImageAsync([ActivityTrigger] FetchImageInput input, string instanceId) =>
        this.RunAsync<FetchImageActivity, FetchImageInput, ImageAsset>(WorkflowNames.FetchImageActivity, instanceId, input);

    /// <summary>Stitches clips and the song with ffmpeg.</summary>
    [Function(WorkflowNames.StitchActivity)]
    public Task<StitchOutput> StitchVideosAsync([ActivityTrigger] StitchInput input, string instanceId) =>
        this.RunAsync<StitchActivity, StitchInput, StitchOutput>(WorkflowNames.StitchActivity, instanceId, input);

    Task<TOutput> RunAsync<TActivity, TInput, TOutput>(string name, string instanceId, TInput input)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        var activity = ActivatorUtilities.CreateInstance<TActivity>(services);
        return activity.RunAsync(new FunctionsActivityContext(name, instanceId), input);
    }
}
