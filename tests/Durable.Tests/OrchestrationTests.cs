using DurableTask.Core.History;
using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Tests;

public sealed class OrchestrationTests
{
    [Theory]
    [MemberData(nameof(TestEngine.Backends), MemberType = typeof(TestEngine))]
    public async Task FanOutFanIn_100Activities_ReturnsResultsInCallOrder(string backend)
    {
        await using var engine = await TestEngine.StartAsync(backend, r => r
            .AddActivityFunc<int, int>("Square", async (_, n) =>
            {
                // Finish out of order so that ordering comes from the orchestration, not from timing.
                await Task.Delay((100 - n) % 7);
                return n * n;
            })
            .AddOrchestratorFunc<int, int[]>("FanOut", async (ctx, count) =>
            {
                var tasks = Enumerable.Range(0, count).Select(i => ctx.CallActivityAsync<int>("Square", i)).ToList();
                return await Task.WhenAll(tasks);
            }));

        var result = await engine.RunAsync("FanOut", 100);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * i).ToArray(), result.ReadOutputAs<int[]>());
    }

    [Theory]
    [MemberData(nameof(TestEngine.Backends), MemberType = typeof(TestEngine))]
    public async Task SubOrchestrationFailure_SurfacesAsTaskFailedException_WithChildDetails(string backend)
    {
        await using var engine = await TestEngine.StartAsync(backend, r => r
            .AddActivityFunc<string, string>("Explode", (_, _) => Task.FromException<string>(new InvalidOperationException("boom in activity")))
            .AddOrchestratorFunc<string, string>("Child", async (ctx, _) => await ctx.CallActivityAsync<string>("Explode", "x"))
            .AddOrchestratorFunc<string, string>("Parent", async (ctx, _) =>
            {
                try
                {
                    await ctx.CallSubOrchestratorAsync<string>("Child", "in");
                    return "no failure";
                }
                catch (TaskFailedException ex)
                {
                    var d = ex.FailureDetails;
                    return $"{ex.TaskName}|{d.ErrorType}|{d.ErrorMessage}|{d.InnerFailure?.ErrorType}|{d.InnerFailure?.ErrorMessage}";
                }
            }));

        var result = await engine.RunAsync("Parent");

        string[] parts = result.ReadOutputAs<string>()!.Split('|');
        Assert.Equal("Child", parts[0]);
        Assert.Equal(typeof(TaskFailedException).FullName, parts[1]);
        Assert.Contains("Explode", parts[2]);
        Assert.Equal(typeof(InvalidOperationException).FullName, parts[3]);
        Assert.Equal("boom in activity", parts[4]);
    }

    [Fact]
    public async Task ContinueAsNew_ThousandGenerations_KeepsHistoryBounded()
    {
        int maxHistory = 0;
        await using var engine = await TestEngine.StartAsync(r => r
            .AddOrchestratorFunc<int, int>("Counter", (ctx, n) =>
            {
                if (n < 1000)
                {
                    ctx.ContinueAsNew(n + 1);
                }

                return Task.FromResult(n);
            }));

        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0);
        var result = await engine.WaitAsync(id, TimeSpan.FromSeconds(60));
        var history = await engine.Store.GetHistoryAsync(id);
        maxHistory = history.Count;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(1000, result.ReadOutputAs<int>());
        Assert.True(maxHistory <= 6, $"history of the last generation has {maxHistory} events");
    }

    [Theory]
    [MemberData(nameof(TestEngine.Backends), MemberType = typeof(TestEngine))]
    public async Task NewGuid_IsStableAcrossReplays(string backend)
    {
        await using var engine = await TestEngine.StartAsync(backend, r => r
            .AddActivityFunc<string, string>("Echo", (_, s) => Task.FromResult(s))
            .AddOrchestratorFunc<string, string[]>("Guids", async (ctx, _) =>
            {
                string first = ctx.NewGuid().ToString();
                string echoed = await ctx.CallActivityAsync<string>("Echo", first);
                string again = await ctx.CallActivityAsync<string>("Echo", ctx.NewGuid().ToString());
                return [first, echoed, again];
            }));

        var output = (await engine.RunAsync("Guids")).ReadOutputAs<string[]>()!;

        Assert.Equal(output[0], output[1]);
        Assert.NotEqual(output[0], output[2]);
        Assert.Equal('5', output[0][14]);
    }

    [Fact]
    public async Task CustomStatus_IsVisibleWhileRunning_AndBounded()
    {
        await using var engine = await TestEngine.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Status", async (ctx, _) =>
            {
                ctx.SetCustomStatus(new { stage = "waiting" });
                await ctx.WaitForExternalEvent<string>("go");
                try
                {
                    ctx.SetCustomStatus(new string('x', 20_000));
                    return "not bounded";
                }
                catch (ArgumentException ex)
                {
                    return ex.Message;
                }
            }));

        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Status");
        OrchestrationMetadata? running = null;
        for (int i = 0; i < 100 && running?.SerializedCustomStatus is null; i++)
        {
            await Task.Delay(20);
            running = await engine.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        }

        Assert.Equal("{\"stage\":\"waiting\"}", running!.SerializedCustomStatus);
        await engine.Client.RaiseEventAsync(id, "go", "now");
        var done = await engine.WaitAsync(id);
        Assert.Contains("limit is 16,384", done.ReadOutputAs<string>());
    }

    /// <remarks>Embedded only: Microsoft's in-process test host returns no history from GetOrchestrationHistoryAsync.</remarks>
    [Fact]
    public async Task HistoryEvents_FollowDurableTaskFrameworkShape()
    {
        await using var engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<string, string>("Hello", (_, s) => Task.FromResult("Hello " + s))
            .AddOrchestratorFunc<string, string>("Greet", async (ctx, s) => await ctx.CallActivityAsync<string>("Hello", s)));

        var result = await engine.RunAsync("Greet", "Tokyo");
        var history = await engine.HistoryAsync(result.InstanceId);

        Assert.Equal("Hello Tokyo", result.ReadOutputAs<string>());
        Assert.Equal(
            [
                EventType.OrchestratorStarted, EventType.ExecutionStarted, EventType.TaskScheduled, EventType.OrchestratorCompleted,
                EventType.OrchestratorStarted, EventType.TaskCompleted, EventType.ExecutionCompleted, EventType.OrchestratorCompleted,
            ],
            history.Select(e => e.EventType).ToArray());
    }

    [Fact]
    public async Task SubOrchestration_WithTheIdOfARunningInstance_FailsTheCallInsteadOfReusingIt()
    {
        await using var engine = await TestEngine.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Waiter", async (ctx, _) => await ctx.WaitForExternalEvent<string>("go"))
            .AddOrchestratorFunc<string, string>("Parent", async (ctx, _) =>
            {
                try
                {
                    return await ctx.CallSubOrchestratorAsync<string>("Waiter", "x", new SubOrchestrationOptions { InstanceId = "busy" });
                }
                catch (TaskFailedException ex)
                {
                    return ex.FailureDetails.ErrorMessage;
                }
            }));
        await engine.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", "first", new StartOrchestrationOptions("busy"));
        await engine.Client.WaitForInstanceStartAsync("busy");

        var result = await engine.RunAsync("Parent");

        Assert.Contains("'busy' already exists", result.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await engine.Client.GetInstanceAsync("busy"))!.RuntimeStatus);
    }
}
