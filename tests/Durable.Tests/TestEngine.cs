using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MusicVideo.Durable.AzureStorage;
using MusicVideo.Tests.Shared.Storage;
using MusicVideo.Durable.Storage;
using CoreHistoryEvent = DurableTask.Core.History.HistoryEvent;
using MusicVideo.Tests.Shared.InProcess;

namespace MusicVideo.Durable.Tests;

/// <summary>
/// An engine for one test: the embedded engine over a temporary SQLite file, Microsoft's in-process test host
/// (Microsoft's worker and replay on an in-memory store), so a semantic test can pin our behaviour to Microsoft's, or the
/// azure-storage backend (DTFx's Azure Storage provider on Azurite, through src/Durable.AzureStorage) on a fresh task hub.
/// </summary>
sealed class TestEngine : IAsyncDisposable
{
    public const string Embedded = "embedded";
    public const string Microsoft = "microsoft";
    public const string AzureStorage = "azure-storage";

    readonly DurableTaskTestHost? _host;
    readonly ServiceProvider? _services;
    readonly AzureStorageBackend? _azure;

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

    TestEngine(ServiceProvider services)
    {
        this.Backend = AzureStorage;
        this.Folder = string.Empty;
        _services = services;
        _azure = services.GetRequiredService<AzureStorageBackend>();
        this.Client = services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>Every backend, for tests of behaviour Microsoft's host supports.</summary>
    public static TheoryData<string> Backends => [Embedded, Microsoft, AzureStorage];

    /// <summary>The backends with rewind (Microsoft's in-process host has none, DESIGN §7).</summary>
    public static TheoryData<string> RewindBackends => [Embedded, AzureStorage];

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
            return new TestEngine(await TestHosts.StartAsync(configure));
        }

        if (backend == AzureStorage)
        {
            return await StartAzureStorageAsync(configure);
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
        // DTFx on Azurite polls queues and renews leases: give it more time than the in-process backends.
        using var cts = new CancellationTokenSource((timeout ?? TimeSpan.FromSeconds(60)) * (this.Backend == AzureStorage ? 3 : 1));
        return await this.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>Reads an instance's history through Microsoft's client API (DTFx history events on both backends).</summary>
    public async Task<IList<CoreHistoryEvent>> HistoryAsync(string instanceId) => await this.Client.GetOrchestrationHistoryAsync(instanceId);

    /// <summary>A fresh task hub on the shared Azurite, a worker and a client built by Microsoft.DurableTask's builders.</summary>
    static async Task<TestEngine> StartAzureStorageAsync(Action<DurableTaskRegistry> configure)
    {
        var azurite = await SharedAzurite.GetAsync();
        var options = new AzureStorageBackendOptions
        {
            ConnectionString = azurite.AccountConnectionString,
            TaskHubName = "t" + Guid.NewGuid().ToString("N")[..16],
            PartitionCount = 1,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            LeaseInterval = TimeSpan.FromSeconds(15),
        };
        var collection = new ServiceCollection().AddLogging();
        collection.AddDurableTaskWorker(b => b.AddTasks(configure).UseAzureStorage(options));
        collection.AddDurableTaskClient(b => b.UseAzureStorage(options));
        var services = collection.BuildServiceProvider();
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return new TestEngine(services);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            foreach (var hosted in _services.GetServices<IHostedService>())
            {
                await hosted.StopAsync(stop.Token);
            }

            await _azure!.DeleteTaskHubAsync();
            await _services.DisposeAsync();
            return;
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
            return;
        }

        await this.Worker.DisposeAsync();
        await this.Store.DisposeAsync();
    }
}
