using MusicVideo.Core.Providers;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>Writes scenes (an LLM call at real providers, so it runs durably with retries).</summary>
public sealed class CreateScenesOrchestrator : TaskOrchestrator<ScenePlanRequest, ScenePlan>
{
    /// <inheritdoc />
    /// <remarks>The plan's cost key makes a plan retried after a failed attempt cost every call made (see <see cref="ScenePlanRequest.CostKey"/>).</remarks>
    public override Task<ScenePlan> RunAsync(TaskOrchestrationContext context, ScenePlanRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return context.CallActivityAsync<ScenePlan>(
            WorkflowNames.PlanScenesActivity, input with { CostKey = MusicVideoJobOrchestrator.PlanCostKey(context) }, RetryPolicies.Planning);
    }
}
