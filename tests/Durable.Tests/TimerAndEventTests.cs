using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Tests;

public sealed class TimerAndEventTests
{
    static void Register(DurableTaskRegistry r) => r.AddOrchestratorFunc<int, string>("Sleep", async (ctx, ms) =>
    {
        await ctx.CreateTimer(TimeSpan.FromMilliseconds(ms), CancellationToken.None);
        return "woke at " + ctx.CurrentUtcDateTime.ToString("O");
    });

    [Fact]
    public async Task DurableTimer_DueWhileHostIsStopped_FiresAfterRestart()
    {
        string folder = Directory.CreateTempSubdirectory("durable-timer-").FullName;
        string id;
        await using (var first = await TestEngine.StartAsync(Register, folder))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Sleep", 1500);
            await first.Client.WaitForInstanceStartAsync(id);
            for (int i = 0; i < 100 && !(await first.Store.GetHistoryAsync(id)).Any(e => e.EventType == HistoryEventType.TimerCreated); i++)
            {
                await Task.Delay(20);
            }
        }

        // The timer falls due while no worker runs.
        await Task.Delay(2000);
        await using var second = await TestEngine.StartAsync(Register, folder);
        var result = await second.WaitAsync(id, TimeSpan.FromSeconds(10));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.StartsWith("woke at", result.ReadOutputAs<string>());
    }

    [Theory]
    [MemberData(nameof(TestEngine.Backends), MemberType = typeof(TestEngine))]
    public async Task ExternalEvents_RaisedBeforeAndAfterTheWait_AreDeliveredFifoPerCaseInsensitiveName(string backend)
    {
        await using var engine = await TestEngine.StartAsync(backend, r => r
            .AddOrchestratorFunc<string, string[]>("Collect", async (ctx, _) =>
            {
                await ctx.WaitForExternalEvent<string>("start");
                var items = new List<string>();
                for (int i = 0; i < 3; i++)
                {
                    items.Add(await ctx.WaitForExternalEvent<string>("Approval"));
                }

                return [.. items];
            }));

        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Collect");
        await engine.Client.RaiseEventAsync(id, "approval", "a");
        await engine.Client.RaiseEventAsync(id, "APPROVAL", "b");
        await engine.Client.RaiseEventAsync(id, "start", null);
        await Task.Delay(300);
        await engine.Client.RaiseEventAsync(id, "Approval", "c");
        var result = await engine.WaitAsync(id);

        Assert.Equal(["a", "b", "c"], result.ReadOutputAs<string[]>()!);
    }

    [Theory]
    [MemberData(nameof(TestEngine.Backends), MemberType = typeof(TestEngine))]
    public async Task WaitForExternalEvent_WithTimeout_CancelsAndTheInstanceCanHandleIt(string backend)
    {
        await using var engine = await TestEngine.StartAsync(backend, r => r
            .AddOrchestratorFunc<string, string>("Wait", async (ctx, _) =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("never", TimeSpan.FromMilliseconds(300));
                }
                catch (TaskCanceledException)
                {
                    // After a timeout the instance keeps working: it can still wait for other events.
                    string late = await ctx.WaitForExternalEvent<string>("late", TimeSpan.FromSeconds(20));
                    return "timed out, then " + late;
                }
            }));

        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Wait");
        await Task.Delay(800);
        await engine.Client.RaiseEventAsync(id, "late", "got late");
        var result = await engine.WaitAsync(id);

        Assert.Equal("timed out, then got late", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task NonDeterministicChange_FailsWithSequenceIdExpectedAndActualCall()
    {
        bool changed = false;
        await using var engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<string, string>("A", (_, s) => Task.FromResult(s))
            .AddActivityFunc<string, string>("B", (_, s) => Task.FromResult(s))
            .AddOrchestratorFunc<string, string>("Changing", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>(changed ? "B" : "A", "x");
                return await ctx.WaitForExternalEvent<string>("go");
            }));

        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Changing");
        for (int i = 0; i < 100 && !(await engine.Store.GetHistoryAsync(id)).Any(e => e.EventType == HistoryEventType.TaskCompleted); i++)
        {
            await Task.Delay(20);
        }

        changed = true;
        await engine.Client.RaiseEventAsync(id, "go", "now");
        var result = await engine.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        string message = result.FailureDetails!.ErrorMessage;
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.FailureDetails.ErrorType);
        Assert.Contains("sequence ID 0", message);
        Assert.Contains("activity 'A'", message);
        Assert.Contains("activity 'B'", message);
    }

    [Fact]
    public async Task AwaitingTaskDelay_FailsTheInstanceWithAClearMessage()
    {
        await using var engine = await TestEngine.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Sleepy", async (ctx, _) =>
            {
                await Task.Delay(100);
                return "should not get here";
            }));

        var result = await engine.RunAsync("Sleepy", timeout: TimeSpan.FromSeconds(10));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("Task.Delay", result.FailureDetails!.ErrorMessage);
        Assert.Contains("CreateTimer", result.FailureDetails.ErrorMessage);
    }
}
