using MusicVideo.Core.Providers;
using MusicVideo.Durable;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Writes the scenes with the configured scene planner.</summary>
public sealed class PlanScenesActivity(ScenePlanner planner) : TaskActivity<ScenePlanRequest, ScenePlan>
{
    /// <inheritdoc />
    public override async Task<ScenePlan> RunAsync(TaskActivityContext context, ScenePlanRequest input)
    {
        try
        {
            return await planner.PlanScenesAsync(input, context.CancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new NonRetriableException(ex.Message, ex);
        }
    }
}
