using MusicVideo.Core.Providers;
using Microsoft.DurableTask;

using MusicVideo.Core.Workflow;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Writes the scenes with the configured scene planner.</summary>
public sealed class PlanScenesActivity(ScenePlanner planner, ActivityCancellation cancellation) : TaskActivity<ScenePlanRequest, ScenePlan>
{
    /// <inheritdoc />
    public override async Task<ScenePlan> RunAsync(TaskActivityContext context, ScenePlanRequest input)
    {
        try
        {
            return await planner.PlanScenesAsync(input, cancellation.Token);
        }
        catch (ArgumentException ex)
        {
            throw new PermanentFailureException(ex.Message, ex);
        }
    }
}
