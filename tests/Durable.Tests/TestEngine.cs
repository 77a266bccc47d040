using MusicVideo.Durable.Storage;

namespace MusicVideo.Durable.Tests;

/// <summary>A real engine over a temporary SQLite file: store, worker and in-process client.</summary>
sealed class TestEngine : IAsyncDisposable
{
    TestEngine(string folder, DurableTaskRegistry registry, DurableWorkerOptions options)
    {
        this.Folder = folder;
        this.Registry = registry;
        this.Store = new SqliteOrchestrationStore(new SqliteStoreOptions(Path.Combine(folder, "durable.db"), SqliteDurability.Normal));
        this.Worker = new EmbeddedDurableTaskWorker(this.Store, new RegistryTaskFactory(registry), options);
        this.Client = new LocalDurableTaskClient(this.Store, this.Worker);
    }

    public string Folder { get; }

    public DurableTaskRegistry Registry { get; }

    public SqliteOrchestrationStore Store { get; }

    public EmbeddedDurableTaskWorker Worker { get; }

    public LocalDurableTaskClient Client { get; }

    public static async Task<TestEngine> StartAsync(Action<DurableTaskRegistry> configure, string? folder = null, DurableWorkerOptions? options = null)
    {
        folder ??= Directory.CreateTempSubdirectory("durable-test-").FullName;
        var registry = new DurableTaskRegistry();
        configure(registry);
        var engine = new TestEngine(folder, registry, options ?? new DurableWorkerOptions());
        await engine.Worker.StartAsync();
        return engine;
    }

    public async Task<OrchestrationMetadata> RunAsync(string name, object? input = null, TimeSpan? timeout = null, string? instanceId = null)
    {
        string id = await this.Client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId));
        return await this.WaitAsync(id, timeout);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await this.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await this.Worker.DisposeAsync();
        await this.Store.DisposeAsync();
    }
}
