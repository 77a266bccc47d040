using System.Collections.Concurrent;
using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Tests;

public sealed class RetryTests
{
    [Fact]
    public async Task FailsTwiceThenSucceeds_SucceedsOnAttemptThree_WithTimersAtOneAndTwoSeconds()
    {
        int attempts = 0;
        await using var engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<string, string>("Flaky", (_, s) =>
                Interlocked.Increment(ref attempts) <= 2 ? throw new TimeoutException("transient") : Task.FromResult("ok " + s))
            .AddOrchestratorFunc<string, string>("Retry", async (ctx, s) =>
                await ctx.CallActivityAsync<string>("Flaky", s, TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), 2.0)))));

        var result = await engine.RunAsync("Retry", "x");
        var history = await engine.Store.GetHistoryAsync(result.InstanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("ok x", result.ReadOutputAs<string>());
        Assert.Equal(3, attempts);
        Assert.Equal([1.0, 2.0], TimerOffsets(history));
        Assert.Equal(2, history.Count(e => e.EventType == HistoryEventType.TaskFailed));
    }

    [Fact]
    public async Task FailureRejectedByHandleFailure_IsNotRetried()
    {
        int attempts = 0;
        await using var engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<string, string>("Reject", (_, _) =>
            {
                Interlocked.Increment(ref attempts);
                return Task.FromException<string>(new NotSupportedException("content policy violation"));
            })
            .AddOrchestratorFunc<string, string>("Retry", async (ctx, s) =>
                await ctx.CallActivityAsync<string>("Reject", s, TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(50))
                {
                    HandleFailure = failure => !failure.IsCausedBy<NotSupportedException>(),
                }))));

        var result = await engine.RunAsync("Retry", "x");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(1, attempts);
        Assert.Contains("content policy violation", result.FailureDetails!.InnerFailure!.ErrorMessage);
    }

    [Fact]
    public async Task MaxRetryInterval_CapsTheBackoff()
    {
        await using var engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<string, string>("Broken", (_, _) => Task.FromException<string>(new IOException("down")))
            .AddOrchestratorFunc<string, string>("Retry", async (ctx, s) => await ctx.CallActivityAsync<string>(
                "Broken", s, TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromMilliseconds(200), 10.0, maxRetryInterval: TimeSpan.FromMilliseconds(300))))));

        var result = await engine.RunAsync("Retry", "x");
        var history = await engine.Store.GetHistoryAsync(result.InstanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal([0.2, 0.3, 0.3], TimerOffsets(history));
        Assert.Equal(4, history.Count(e => e.EventType == HistoryEventType.TaskFailed));
    }

    [Fact]
    public async Task RetryTimeout_StopsRetryingAfterItElapses()
    {
        var attemptTimes = new ConcurrentQueue<DateTime>();
        await using var engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<string, string>("Broken", (_, _) =>
            {
                attemptTimes.Enqueue(DateTime.UtcNow);
                return Task.FromException<string>(new IOException("down"));
            })
            .AddOrchestratorFunc<string, string>("Retry", async (ctx, s) => await ctx.CallActivityAsync<string>(
                "Broken", s, TaskOptions.FromRetryPolicy(new RetryPolicy(50, TimeSpan.FromMilliseconds(200), 1.0, retryTimeout: TimeSpan.FromMilliseconds(700))))));

        var result = await engine.RunAsync("Retry", "x");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        // 50 attempts were allowed; the 700 ms timeout leaves room for about four (one every 200 ms).
        Assert.InRange(attemptTimes.Count, 3, 6);
        var times = attemptTimes.ToArray();
        Assert.True(times[^1] - times[0] >= TimeSpan.FromMilliseconds(400), "retries stopped long before the timeout");
    }

    /// <summary>Seconds between each retry timer's creation episode and its due time.</summary>
    static double[] TimerOffsets(IReadOnlyList<HistoryEvent> history)
    {
        var offsets = new List<double>();
        DateTime episodeStart = default;
        foreach (var e in history)
        {
            if (e.EventType == HistoryEventType.OrchestratorStarted)
            {
                episodeStart = e.Timestamp;
            }
            else if (e.EventType == HistoryEventType.TimerCreated)
            {
                offsets.Add(Math.Round((e.FireAt!.Value - episodeStart).TotalSeconds, 3));
            }
        }

        return [.. offsets];
    }
}
