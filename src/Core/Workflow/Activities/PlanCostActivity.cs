using MusicVideo.Core.Providers.Scenes;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Reads what every model call of a plan cost by its cost key, also the calls of attempts that failed (zero for local templates).</summary>
public sealed class PlanCostActivity(SceneCallLedger ledger, ActivityCancellation cancellation) : TaskActivity<string, decimal>
{
    /// <inheritdoc />
    public override async Task<decimal> RunAsync(TaskActivityContext context, string input) =>
        (await ledger.TotalAsync(input, cancellation.Token)).CostUsd;
}
