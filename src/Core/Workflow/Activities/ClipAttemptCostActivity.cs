using MusicVideo.Core.Providers;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Reads what a finished clip attempt cost by its idempotency key (zero when nothing was submitted or the provider is local).</summary>
public sealed class ClipAttemptCostActivity(ClipGenerator clips, ActivityCancellation cancellation) : TaskActivity<string, decimal>
{
    /// <inheritdoc />
    public override async Task<decimal> RunAsync(TaskActivityContext context, string input)
    {
        var ct = cancellation.Token;
        return await clips.FindJobAsync(input, ct) is { } jobId ? await ProviderCosts.ReadAsync(() => clips.CostAsync(jobId, ct)) ?? 0m : 0m;
    }
}
