using Microsoft.DurableTask;

namespace MusicVideo.Bench;

/// <summary>The engine suite's orchestrations, registered the same way on every backend it measures.</summary>
static class EngineWorkload
{
    public const string Sequence = "Sequence5";
    public const string FanOut = "FanOut";
    const string Noop = "Noop";

    public static DurableTaskRegistry Register(DurableTaskRegistry registry, int steps) => registry
        .AddActivityFunc<int, int>(Noop, (_, n) => Task.FromResult(n))
        .AddOrchestratorFunc<int, int>(Sequence, async (ctx, n) =>
        {
            int sum = 0;
            for (int i = 0; i < steps; i++)
            {
                sum += await ctx.CallActivityAsync<int>(Noop, i);
            }

            return sum;
        })
        .AddOrchestratorFunc<int, int>(FanOut, async (ctx, n) =>
        {
            var tasks = Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>(Noop, i)).ToList();
            return (await Task.WhenAll(tasks)).Sum();
        });
}
