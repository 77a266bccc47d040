using System.Collections.Concurrent;
using DurableTask.Core.History;

namespace MusicVideo.Durable.Tests;

public sealed class RetryTests
{
    /// <remarks>Embedded only: Microsoft's in-process test host returns no history from GetOrchestrationHistoryAsync.</remarks>
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
        var history = await engine.HistoryAsync(result.InstanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("ok x", result.ReadOutputAs<string>());
        Assert.Equal(3, attempts);
        Assert.Equal([1.0, 2.0], TimerOffsets(history));
        Assert.Equal(2, history.Count(e => e.EventType == EventType.TaskFailed));
    }

    [Theory]
    [MemberData(nameof(TestEngine.Backends), MemberType = typeof(TestEngine))]
    public async Task FailureRejectedByHandleFailure_IsNotRetried(string backend)
    {
        int attempts = 0;
        await using var engine = await TestEngine.StartAsync(backend, r => r
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

    [Theory]
    [MemberData(nameof(TestEngine.Backends), MemberType = typeof(TestEngine))]
    public async Task FailureAcceptedByHandleFailure_IsRetriedUntilTheActivitySucceeds(string backend)
    {
        int attempts = 0;
        var seen = new ConcurrentQueue<string>();
        await using var engine = await TestEngine.StartAsync(backend, r => r
            .AddActivityFunc<string, string>("Flaky", (_, s) =>
                Interlocked.Increment(ref attempts) <= 2 ? throw new IOException("disk hiccup") : Task.FromResult("ok " + s))
            .AddOrchestratorFunc<string, string>("Retry", async (ctx, s) =>
                await ctx.CallActivityAsync<string>("Flaky", s, TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(100))
                {
                    HandleFailure = failure =>
                    {
                        seen.Enqueue(failure.ErrorType + ": " + failure.ErrorMessage);
                        return failure.IsCausedBy<IOException>();
                    },
                }))));

        var result = await engine.RunAsync("Retry", "x");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("ok x", result.ReadOutputAs<string>());
        Assert.Equal(3, attempts);
        // The handler sees the activity's own failure (replays may ask again for the same one).
        Assert.All(seen, s => Assert.Equal("System.IO.IOException: disk hiccup", s));
    }

    [Theory]
    [MemberData(nameof(TestEngine.Backends), MemberType = typeof(TestEngine))]
    public async Task FailureAcceptedByHandleFailure_IsRetriedForASubOrchestration(string backend)
    {
        int attempts = 0;
        await using var engine = await TestEngine.StartAsync(backend, r => r
            .AddActivityFunc<string, string>("Flaky", (_, s) =>
                Interlocked.Increment(ref attempts) <= 1 ? throw new IOException("disk hiccup") : Task.FromResult("ok " + s))
            .AddOrchestratorFunc<string, string>("Child", async (ctx, s) => await ctx.CallActivityAsync<string>("Flaky", s))
            .AddOrchestratorFunc<string, string>("Parent", async (ctx, s) =>
                await ctx.CallSubOrchestratorAsync<string>("Child", s, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMilliseconds(100))
                {
                    // A sub-orchestration's failure wraps the activity's: the cause is the inner failure.
                    HandleFailure = failure => failure.InnerFailure?.IsCausedBy<IOException>() == true,
                }))));

        var result = await engine.RunAsync("Parent", "x");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("ok x", result.ReadOutputAs<string>());
        Assert.Equal(2, attempts);
    }

    /// <remarks>Embedded only: Microsoft's in-process test host returns no history from GetOrchestrationHistoryAsync.</remarks>
    [Fact]
    public async Task MaxRetryInterval_CapsTheBackoff()
    {
        await using var engine = await StartCappedRetryAsync(TestEngine.Embedded);

        var result = await engine.RunAsync("Retry", "x");
        var history = await engine.HistoryAsync(result.InstanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal([0.2, 0.3, 0.3], TimerOffsets(history));
        Assert.Equal(4, history.Count(e => e.EventType == EventType.TaskFailed));
    }

    /// <summary>A deliberate difference: DTFx schedules a zero-delay timer after the last failed attempt (only for replay compatibility of old histories); we do not.</summary>
    /// <remarks>Embedded only: Microsoft's in-process test host returns no history to compare with.</remarks>
    [Fact]
    public async Task LastFailedRetry_CreatesNoZeroDelayDummyTimer_UnlikeDtfx()
    {
        await using var engine = await StartCappedRetryAsync(TestEngine.Embedded);

        var result = await engine.RunAsync("Retry", "x");
        double[] offsets = TimerOffsets(await engine.HistoryAsync(result.InstanceId));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal([0.2, 0.3, 0.3], offsets);
    }

    static Task<TestEngine> StartCappedRetryAsync(string backend) => TestEngine.StartAsync(backend, r => r
        .AddActivityFunc<string, string>("Broken", (_, _) => Task.FromException<string>(new IOException("down")))
        .AddOrchestratorFunc<string, string>("Retry", async (ctx, s) => await ctx.CallActivityAsync<string>(
            "Broken", s, TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromMilliseconds(200), 10.0, maxRetryInterval: TimeSpan.FromMilliseconds(300))))));

    [Theory]
    [MemberData(nameof(TestEngine.Backends), MemberType = typeof(TestEngine))]
    public async Task RetryTimeout_StopsRetryingAfterItElapses(string backend)
    {
        var attemptTimes = new ConcurrentQueue<DateTime>();
        await using var engine = await TestEngine.StartAsync(backend, r => r
            .AddActivityFunc<string, string>("Broken", (_, _) =>
            {
                attemptTimes.Enqueue(DateTime.UtcNow);
                return Task.FromException<string>(new IOException("down"));
            })
            .AddOrchestratorFunc<string, string>("Retry", async (ctx, s) => await ctx.CallActivityAsync<string>(
                "Broken", s, TaskOptions.FromRetryPolicy(new RetryPolicy(50, TimeSpan.FromSeconds(1), 1.0, retryTimeout: TimeSpan.FromSeconds(3.5))))));

        var result = await engine.RunAsync("Retry", "x");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        // 50 attempts were allowed; the 3.5 s timeout leaves room for about four (one a second). Seconds, not
        // milliseconds: Microsoft's in-process host polls for work every 500 ms. Difference (README): on azure-storage a
        // 1 s retry timer may fire up to 1 s early (queue visibility is whole seconds), i.e. at once, and the retry
        // timeout is measured in orchestration time, so the count varies (6 and 17 were seen); the timeout still stops it.
        Assert.InRange(attemptTimes.Count, 2, backend == TestEngine.AzureStorage ? 49 : 5);
        var times = attemptTimes.ToArray();
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(1), "retries stopped long before the timeout");
    }

    /// <summary>Seconds between each retry timer's creation episode and its due time (Microsoft's history events).</summary>
    static double[] TimerOffsets(IEnumerable<HistoryEvent> history)
    {
        var offsets = new List<double>();
        DateTime episodeStart = default;
        foreach (var e in history)
        {
            if (e is OrchestratorStartedEvent)
            {
                episodeStart = e.Timestamp;
            }
            else if (e is TimerCreatedEvent timer)
            {
                offsets.Add(Math.Round((timer.FireAt - episodeStart).TotalSeconds, 3));
            }
        }

        return [.. offsets];
    }
}
