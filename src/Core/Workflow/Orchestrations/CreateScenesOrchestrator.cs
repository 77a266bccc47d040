using MusicVideo.Core.Providers;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>Writes scenes (an LLM call at real providers, so it runs durably with retries).</summary>
public sealed class CreateScenesOrchestrator : TaskOrchestrator<ScenePlanRequest, ScenePlan>
{
    /// <inheritdoc />
    public override Task<ScenePlan> RunAsync(TaskOrchestrationContext context, ScenePlanRequest input) =>
        context.CallActivityAsync<ScenePlan>(WorkflowNames.PlanScenesActivity, input, RetryPolicies.Planning);
}
