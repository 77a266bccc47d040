using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>Writes scenes (an LLM call at real providers, so it runs durably with retries).</summary>
public sealed class CreateScenesOrchestrator : TaskOrchestrator<ScenePlanRequest, ScenePlan>
{
    /// <inheritdoc />
    /// <remarks>
    /// The plan's cost key makes a plan retried after a failed attempt cost every call made (see <see cref="ScenePlanRequest.CostKey"/>);
    /// a plan that fails for good leaves what its calls cost in the custom status.
    /// </remarks>
    public override async Task<ScenePlan> RunAsync(TaskOrchestrationContext context, ScenePlanRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        string key = MusicVideoJobOrchestrator.PlanCostKey(context);
        try
        {
            return await context.CallActivityAsync<ScenePlan>(WorkflowNames.PlanScenesActivity, input with { CostKey = key }, RetryPolicies.Planning);
        }
        catch (TaskFailedException)
        {
            decimal spent = await context.CallActivityAsync<decimal>(WorkflowNames.PlanCostActivity, key, RetryPolicies.Provider);
            context.SetCustomStatus(new CreateScenesProgress { CostUsd = spent });
            throw;
        }
    }
}
