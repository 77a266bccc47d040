using MusicVideo.Core.Providers;
using Microsoft.DurableTask;

using MusicVideo.Core.Workflow;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Writes the scenes with the configured scene planner.</summary>
/// <remarks>Bad input and provider refusals (content policy, auth, repeated malformed answers) fail at once; transient provider errors are retried.</remarks>
public sealed class PlanScenesActivity(ScenePlanner planner, ActivityCancellation cancellation) : TaskActivity<ScenePlanRequest, ScenePlan>
{
    /// <inheritdoc />
    public override Task<ScenePlan> RunAsync(TaskActivityContext context, ScenePlanRequest input) =>
        ProviderCalls.GuardAsync(() => planner.PlanScenesAsync(input, cancellation.Token));
}
