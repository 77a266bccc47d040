namespace MusicVideo.Durable.Tests;

public sealed class ManagementTests
{
    static void Register(DurableTaskRegistry r) => r
        .AddOrchestratorFunc<string, string>("WaitForGo", async (ctx, input) => input + ":" + await ctx.WaitForExternalEvent<string>("go"))
        .AddOrchestratorFunc<string, string>("Echo", (_, input) => Task.FromResult(input));

    /// <remarks>Embedded only: on Microsoft's in-process test host terminating an already terminated instance throws nothing (tried), so the second half has nothing to pin.</remarks>
    [Fact]
    public async Task Terminate_EndsARunningInstanceWithTheReason()
    {
        await using var engine = await TestEngine.StartAsync(Register);
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "a");
        await engine.Client.WaitForInstanceStartAsync(id);

        await engine.Client.TerminateInstanceAsync(id, "operator said stop");
        var result = await engine.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("operator said stop", result.ReadOutputAs<string>());
        await Assert.ThrowsAsync<InstanceStateException>(() => engine.Client.RaiseEventAsync(id, "go", "late"));
    }

    [Theory]
    [MemberData(nameof(TestEngine.Backends), MemberType = typeof(TestEngine))]
    public async Task Suspend_BuffersEventsUntilResume(string backend)
    {
        await using var engine = await TestEngine.StartAsync(backend, Register);
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "a");
        await engine.Client.WaitForInstanceStartAsync(id);

        await engine.Client.SuspendInstanceAsync(id, "maintenance");
        await WaitForStatusAsync(engine, id, OrchestrationRuntimeStatus.Suspended);
        await engine.Client.RaiseEventAsync(id, "go", "held");
        await Task.Delay(300);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await engine.Client.GetInstanceAsync(id))!.RuntimeStatus);

        await engine.Client.ResumeInstanceAsync(id, "done");
        var result = await engine.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("a:held", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Query_FiltersByStatusCreatedRangeAndPrefix_WithPaging()
    {
        await using var engine = await TestEngine.StartAsync(Register);
        var before = DateTimeOffset.UtcNow;
        for (int i = 0; i < 7; i++)
        {
            await engine.RunAsync("Echo", "x", instanceId: $"done-{i}");
        }

        for (int i = 0; i < 3; i++)
        {
            await engine.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "y", new StartOrchestrationOptions($"open-{i}"));
        }

        var after = DateTimeOffset.UtcNow;
        await WaitForStatusAsync(engine, "open-2", OrchestrationRuntimeStatus.Running);

        var pages = new List<Page<OrchestrationMetadata>>();
        await foreach (var page in engine.Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed], PageSize: 3)).AsPages())
        {
            pages.Add(page);
        }

        Assert.Equal([3, 3, 1], pages.Select(p => p.Values.Count));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"done-{i}"), pages.SelectMany(p => p.Values).Select(m => m.InstanceId).Order());

        var newestFirst = pages.SelectMany(p => p.Values).Select(m => m.CreatedAt).ToList();
        Assert.Equal(newestFirst.OrderDescending(), newestFirst); // Microsoft's clients page newest first.

        var running = await AllAsync(engine, new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending]));
        Assert.Equal(3, running.Count);

        var prefixed = await AllAsync(engine, new OrchestrationQuery(InstanceIdPrefix: "open-"));
        Assert.Equal(["open-0", "open-1", "open-2"], prefixed.Select(m => m.InstanceId).Order());

        Assert.Equal(10, (await AllAsync(engine, new OrchestrationQuery(CreatedFrom: before, CreatedTo: after))).Count);
        Assert.Empty(await AllAsync(engine, new OrchestrationQuery(CreatedFrom: after.AddSeconds(1))));
    }

    [Fact]
    public async Task Purge_OneAndByFilter_DeletesOnlyTerminalInstances()
    {
        await using var engine = await TestEngine.StartAsync(Register);
        for (int i = 0; i < 5; i++)
        {
            await engine.RunAsync("Echo", "x", instanceId: $"p-{i}");
        }

        string open = await engine.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "y");
        await engine.Client.WaitForInstanceStartAsync(open);

        Assert.Equal(1, (await engine.Client.PurgeInstanceAsync("p-0")).PurgedInstanceCount);
        Assert.Null(await engine.Client.GetInstanceAsync("p-0"));
        Assert.Empty(await engine.Store.GetHistoryAsync("p-0"));
        Assert.Equal(0, (await engine.Client.PurgeInstanceAsync(open)).PurgedInstanceCount);

        var purged = await engine.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(4, purged.PurgedInstanceCount);
        Assert.True(purged.IsComplete);
        Assert.NotNull(await engine.Client.GetInstanceAsync(open));
    }

    [Theory]
    [MemberData(nameof(TestEngine.Backends), MemberType = typeof(TestEngine))]
    public async Task Restart_WithSameAndNewInstanceId_RunsAgainWithTheOriginalInput(string backend)
    {
        int runs = 0;
        await using var engine = await TestEngine.StartAsync(backend, r => r
            .AddActivityFunc<string, int>("Count", (_, _) => Task.FromResult(Interlocked.Increment(ref runs)))
            .AddOrchestratorFunc<string, string>("Counted", async (ctx, input) => $"{input}#{await ctx.CallActivityAsync<int>("Count", input)}"));

        var first = await engine.RunAsync("Counted", "song", instanceId: "restart-me");
        Assert.Equal("song#1", first.ReadOutputAs<string>());

        string same = await engine.Client.RestartAsync("restart-me");
        var second = await engine.WaitAsync(same);
        Assert.Equal("restart-me", same);
        Assert.Equal("song#2", second.ReadOutputAs<string>());

        string fresh = await engine.Client.RestartAsync("restart-me", restartWithNewInstanceId: true);
        var third = await engine.WaitAsync(fresh);
        Assert.NotEqual("restart-me", fresh);
        Assert.Equal("song#3", third.ReadOutputAs<string>());

        await Assert.ThrowsAnyAsync<ArgumentException>(() => engine.Client.RestartAsync("no-such-instance"));
    }

    /// <remarks>Embedded only: Microsoft's in-process test host accepts a second schedule with a running instance's id without an error (tried).</remarks>
    [Fact]
    public async Task Schedule_WithTheIdOfARunningInstance_IsRejected()
    {
        await using var engine = await TestEngine.StartAsync(Register);
        await engine.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "a", new StartOrchestrationOptions("dup"));

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => engine.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "b", new StartOrchestrationOptions("dup")));
    }

    internal static async Task WaitForStatusAsync(TestEngine engine, string id, OrchestrationRuntimeStatus status)
    {
        for (int i = 0; i < 250; i++)
        {
            if ((await engine.Client.GetInstanceAsync(id))?.RuntimeStatus == status)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"Instance {id} did not reach {status}.");
    }

    /// <remarks>Embedded only: Microsoft's in-process test host ignores <c>Recursive</c> (tried: its children keep running).</remarks>
    [Fact]
    public async Task TerminateRecursive_TerminatesTheRunningChildrenToo()
    {
        await using var engine = await TestEngine.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Child", async (ctx, _) => await ctx.WaitForExternalEvent<string>("go"))
            .AddOrchestratorFunc<string, string[]>("Parent", async (ctx, _) => await Task.WhenAll(
                ctx.CallSubOrchestratorAsync<string>("Child", "a", new SubOrchestrationOptions { InstanceId = ctx.InstanceId + "-a" }),
                ctx.CallSubOrchestratorAsync<string>("Child", "b", new SubOrchestrationOptions { InstanceId = ctx.InstanceId + "-b" }))));

        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Parent", "x");
        foreach (string child in new[] { id + "-a", id + "-b" })
        {
            await WaitForStatusAsync(engine, child, OrchestrationRuntimeStatus.Running);
        }

        await engine.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("stop", Recursive: true));

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await engine.WaitAsync(id)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await engine.WaitAsync(id + "-a")).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await engine.WaitAsync(id + "-b")).RuntimeStatus);
    }

    [Fact]
    public async Task PurgeRecursive_DeletesTheChildrenToo()
    {
        await using var engine = await TestEngine.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Child", (_, s) => Task.FromResult(s + "!"))
            .AddOrchestratorFunc<string, string>("Parent", async (ctx, s) =>
                await ctx.CallSubOrchestratorAsync<string>("Child", s, new SubOrchestrationOptions { InstanceId = ctx.InstanceId + "-child" })));

        var done = await engine.RunAsync("Parent", "x", instanceId: "purge-tree");
        Assert.Equal("x!", done.ReadOutputAs<string>());

        var result = await engine.Client.PurgeInstanceAsync("purge-tree", new PurgeInstanceOptions(Recursive: true));

        Assert.Equal(2, result.PurgedInstanceCount);
        Assert.Null(await engine.Client.GetInstanceAsync("purge-tree"));
        Assert.Null(await engine.Client.GetInstanceAsync("purge-tree-child"));
    }

    static async Task<List<OrchestrationMetadata>> AllAsync(TestEngine engine, OrchestrationQuery query)
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (var instance in engine.Client.GetAllInstancesAsync(query))
        {
            all.Add(instance);
        }

        return all;
    }
}
