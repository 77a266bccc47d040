using Microsoft.DurableTask.Testing;
using MusicVideo.Durable.Storage;
using CoreHistoryEvent = DurableTask.Core.History.HistoryEvent;

namespace MusicVideo.Durable.Tests;

/// <summary>
/// An engine for one test: the embedded engine over a temporary SQLite file, or Microsoft's in-process test host
/// (Microsoft's worker and replay on an in-memory store), so a semantic test can pin our behaviour to Microsoft's.
/// </summary>
sealed class TestEngine : IAsyncDisposable
{
    public const string Embedded = "embedded";
    public const string Microsoft = "microsoft";

    readonly DurableTaskTestHost? _host;

    TestEngine(string folder, DurableTaskRegistry registry, DurableWorkerOptions options)
    {
        this.Backend = Embedded;
        this.Folder = folder;
        this.Store = new SqliteOrchestrationStore(new SqliteStoreOptions(Path.Combine(folder, "durable.db"), SqliteDurability.Normal));
        this.Worker = new EmbeddedDurableTaskWorker(this.Store, new RegistryTaskFactory(registry), options);
        this.Local = new LocalDurableTaskClient(this.Store, this.Worker);
        this.Client = this.Local;
    }

    TestEngine(DurableTaskTestHost host)
    {
        this.Backend = Microsoft;
        this.Folder = string.Empty;
        _host = host;
        this.Client = host.Client;
    }

    /// <summary>Both backends, for tests of behaviour Microsoft's host supports.</summary>
    public static TheoryData<string> Backends => [Embedded, Microsoft];

    public string Backend { get; }

    public string Folder { get; }

    /// <summary>Gets the client every test talks to: Microsoft's <see cref="DurableTaskClient"/> API on either backend.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>Gets the embedded engine's store (null on Microsoft's host).</summary>
    public SqliteOrchestrationStore Store
    {
        get => field ?? throw new InvalidOperationException("Only the embedded engine has a store.");
        private init;
    }

    public EmbeddedDurableTaskWorker Worker
    {
        get => field ?? throw new InvalidOperationException("Only the embedded engine has this worker.");
        private init;
    }

    public LocalDurableTaskClient Local
    {
        get => field ?? throw new InvalidOperationException("Only the embedded engine has this client.");
        private init;
    }

    public static Task<TestEngine> StartAsync(string backend, Action<DurableTaskRegistry> configure) => StartAsync(configure, backend: backend);

    public static async Task<TestEngine> StartAsync(
        Action<DurableTaskRegistry> configure, string? folder = null, DurableWorkerOptions? options = null, string backend = Embedded)
    {
        if (backend == Microsoft)
        {
            return new TestEngine(await DurableTaskTestHost.StartAsync(configure));
        }

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
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return await this.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>Reads an instance's history through Microsoft's client API (DTFx history events on both backends).</summary>
    public async Task<IList<CoreHistoryEvent>> HistoryAsync(string instanceId) => await this.Client.GetOrchestrationHistoryAsync(instanceId);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            return;
        }

        await this.Worker.DisposeAsync();
        await this.Store.DisposeAsync();
    }
}
