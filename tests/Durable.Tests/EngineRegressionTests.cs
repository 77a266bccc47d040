using Microsoft.Extensions.Logging.Abstractions;
using MusicVideo.Durable.History;
using MusicVideo.Durable.Runtime;

namespace MusicVideo.Durable.Tests;

/// <summary>Regressions found by an engine review: each test failed before its fix.</summary>
public sealed class EngineRegressionTests
{
    // a failure that the code handled (no scheduling caused by it) is treated as "final"; removing it changes
    // where the replayed code is blocked, so a kept later call can't be matched -> non-determinism after rewind.
    [Fact]
    public async Task Rewind_HandledFailureFollowedByALaterCall_StillReplays()
    {
        int cCalls = 0;
        using var releaseB = new SemaphoreSlim(0);
        await using var engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<int, string>("A", (_, _) => Task.FromException<string>(new IOException("A down")))
            .AddActivityFunc<int, string>("B", async (_, _) => { await releaseB.WaitAsync(TimeSpan.FromSeconds(1)); return "b"; })
            .AddActivityFunc<string, string>("C", (_, s) => Interlocked.Increment(ref cCalls) == 1 ? throw new IOException("C down") : Task.FromResult("c:" + s))
            .AddOrchestratorFunc<int, string>("Job", async (ctx, _) =>
            {
                var a = ctx.CallActivityAsync<string>("A", 1);   // seq 0, fails first
                var b = ctx.CallActivityAsync<string>("B", 2);   // seq 1, succeeds later
                string ra;
                try { ra = await a; } catch (TaskFailedException) { ra = "fallback"; }
                string rb = await b;
                return await ctx.CallActivityAsync<string>("C", ra + rb); // seq 2, CausedBy = B's completion
            }));

        var failed = await engine.RunAsync("Job");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);

        await engine.Client.RewindInstanceAsync(failed.InstanceId, "retry");
        for (int i = 0; i < 100; i++)
        {
            var h = await engine.Store.GetHistoryAsync(failed.InstanceId);
            if (h.Any(e => e.EventType == HistoryEventType.ExecutionRewound)) break;
            await Task.Delay(20);
        }

        var result = await engine.WaitAsync(failed.InstanceId);
        Assert.True(result.RuntimeStatus == OrchestrationRuntimeStatus.Completed, result.FailureDetails?.ToString());
    }

    // events of the batch that follow the one that ended the orchestrator are consumed but never recorded;
    // a later rewind then re-executes an activity that had succeeded.
    [Fact]
    public void Executor_RecordsEveryConsumedEvent_SoRewindKeepsSuccesses()
    {
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var past = new List<HistoryEvent>
        {
            new() { EventType = HistoryEventType.OrchestratorStarted, Timestamp = t0 },
            new() { EventType = HistoryEventType.ExecutionStarted, Name = "Job", Timestamp = t0 },
            new() { EventType = HistoryEventType.TaskScheduled, EventId = 0, Name = "A", CausedBy = 1 },
            new() { EventType = HistoryEventType.TaskScheduled, EventId = 1, Name = "B", CausedBy = 1 },
            new() { EventType = HistoryEventType.OrchestratorCompleted },
        };
        var news = new List<HistoryEvent>
        {
            new() { EventType = HistoryEventType.OrchestratorStarted, Timestamp = t0.AddSeconds(1) },
            new() { EventType = HistoryEventType.TaskFailed, TaskScheduledId = 0, FailureDetails = new TaskFailureDetails("IOException", "A down", null, null, null) },
            new() { EventType = HistoryEventType.TaskCompleted, TaskScheduledId = 1, Result = "\"b\"" },
        };
        var outcome = OrchestrationExecutor.Run(
            new OrchestrationEpisode("i", "Job", null, past, news),
            FuncTaskOrchestrator.Create<object?, string>(async (ctx, _) =>
            {
                var a = ctx.CallActivityAsync<string>("A");
                var b = ctx.CallActivityAsync<string>("B");
                return await a + await b;
            }),
            Microsoft.DurableTask.Converters.JsonDataConverter.Default,
            NullLoggerFactory.Instance);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.CompletionStatus);
        var full = past.Concat(outcome.NewHistory).ToList();
        var plan = RewindPlanner.Plan(full);
        // B succeeded; it must not be re-executed by a rewind.
        Assert.DoesNotContain(plan.Reissue, e => e.Name == "B");
    }

    // a child's completion message carries no execution id, so it is delivered to the parent's NEXT execution
    // after ContinueAsNew and completes whatever task has the same sequence id there.
    [Fact]
    public async Task ChildCompletion_DoesNotLeakIntoTheNextExecution()
    {
        await using var engine = await TestEngine.StartAsync(r => r
            .AddOrchestratorFunc<int, string>("Slow", async (ctx, _) =>
            {
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(300), CancellationToken.None);
                return "child-result";
            })
            .AddActivityFunc<int, string>("Act", async (_, _) => { await Task.Delay(1500); return "act-result"; })
            .AddOrchestratorFunc<int, string?>("Eternal", async (ctx, gen) =>
            {
                if (gen == 0)
                {
                    var child = ctx.CallSubOrchestratorAsync<string>("Slow", 0);           // seq 0
                    var timer = ctx.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None); // seq 1
                    await Task.WhenAny(child, timer);
                    ctx.ContinueAsNew(1);
                    return null;
                }

                return await ctx.CallActivityAsync<string>("Act", 0);                     // seq 0 of execution 2
            }));

        var result = await engine.RunAsync("Eternal", 0);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("act-result", result.ReadOutputAs<string>());
    }

    // an orchestrator output the converter cannot serialize throws outside the user task; the worker treats it as
    // a store error and redelivers forever -> the instance is stuck Running instead of Failed.
    [Fact]
    public async Task UnserializableOutput_FailsTheInstance()
    {
        await using var engine = await TestEngine.StartAsync(r => r
            .AddOrchestratorFunc("Bad", ctx => Task.FromResult<object?>(typeof(string))));

        var result = await engine.RunAsync("Bad", timeout: TimeSpan.FromSeconds(5));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("could not be serialized", result.FailureDetails!.ErrorMessage);
    }

    // any exception after the commit (here: an InstanceChanged subscriber; in production a WaitAsync handler
    // racing with its SemaphoreSlim's disposal) makes the worker redeliver messages that were already consumed.
    [Fact]
    public async Task ExceptionAfterCommit_DoesNotReprocessConsumedMessages()
    {
        int calls = 0;
        await using var engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<int, int>("Slow", async (_, n) => { Interlocked.Increment(ref calls); await Task.Delay(1500); return n; })
            .AddOrchestratorFunc<int, int>("Job", async (ctx, n) => await ctx.CallActivityAsync<int>("Slow", n)));
        int thrown = 0;
        engine.Worker.InstanceChanged += _ =>
        {
            if (Interlocked.Exchange(ref thrown, 1) == 0)
            {
                ObjectDisposedException.ThrowIf(true, typeof(SemaphoreSlim));
            }
        };

        var result = await engine.RunAsync("Job", 7);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(1, calls);
    }

    [Theory]
    [InlineData("yield")]
    [InlineData("whenAny")]
    [InlineData("eventTimeout")]
    [InlineData("yieldAfterActivity")]
    public async Task LegitimateAwaits_AreNotMistakenForIllegalOnes(string pattern)
    {
        var result = await RunAsync(pattern switch
        {
            "yield" => async ctx =>
            {
                await Task.Yield();
                return await ctx.CallActivityAsync<int>("Id", 1);
            },
            "whenAny" => async ctx =>
            {
                var timer = ctx.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None);
                var activity = ctx.CallActivityAsync<int>("Id", 2);
                await Task.WhenAny(timer, activity);
                await Task.WhenAll(timer, activity);
                return await activity;
            },
            "eventTimeout" => async ctx =>
            {
                try
                {
                    await ctx.WaitForExternalEvent<int>("never", TimeSpan.FromMilliseconds(50));
                }
                catch (TaskCanceledException)
                {
                }

                return 1;
            },
            _ => async ctx =>
            {
                int a = await ctx.CallActivityAsync<int>("Id", 1);
                await Task.Yield();
                return a;
            },
        });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
    }

    [Fact]
    public async Task ConfigureAwaitFalse_FailsWithAMessageThatNamesIt()
    {
        var result = await RunAsync(async ctx =>
        {
            int a = await ctx.CallActivityAsync<int>("Id", 1).ConfigureAwait(false);
            return a + await ctx.CallActivityAsync<int>("Id", 1);
        });

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("ConfigureAwait(false)", result.FailureDetails!.ErrorMessage);
    }

    static async Task<OrchestrationMetadata> RunAsync(Func<TaskOrchestrationContext, Task<int>> body)
    {
        await using var engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<int, int>("Id", (_, n) => Task.FromResult(n))
            .AddOrchestratorFunc<int, int>("Job", (ctx, _) => body(ctx)));
        return await engine.RunAsync("Job", timeout: TimeSpan.FromSeconds(20));
    }
}
