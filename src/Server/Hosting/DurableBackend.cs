using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using MusicVideo.Core.Workflow;
using MusicVideo.Durable;
using MusicVideo.Durable.AzureStorage;
using MusicVideo.Durable.Storage;

namespace MusicVideo.Server.Hosting;

/// <summary>The standalone host's durable backend: Core's workflow on the embedded SQLite engine in the data folder, or on a DTFx Azure Storage task hub.</summary>
static class DurableBackend
{
    /// <summary>The engine's options for a data folder: <c>durable.db</c> and the worker's exclusive <c>worker.lock</c>.</summary>
    public static DurableEngineOptions EngineOptions(MusicVideoOptions options) => new(Path.Combine(options.DataDirectory, "durable.db"))
    {
        Worker = new DurableWorkerOptions { LockFilePath = Path.Combine(options.DataDirectory, "worker.lock") },
    };

    /// <summary>Adds the worker (running Core's registered tasks), the client, and the host's stopping token for activities.</summary>
    public static IServiceCollection AddEmbeddedDurableTask(this IServiceCollection services, MusicVideoOptions options)
        => services.AddDurableTask(options, DurableBackendSettings.Embedded);

    /// <summary>Adds the worker, the client and the activities' stopping token on the chosen backend.</summary>
    public static IServiceCollection AddDurableTask(this IServiceCollection services, MusicVideoOptions options, DurableBackendSettings backend)
    {
        services.AddSingleton(sp => new ActivityCancellation(sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        if (backend.AzureStorage is { } azure)
        {
            services.AddDurableTaskWorker(builder => builder.AddTasks(registry => MusicVideoWorkflow.Register(registry)).UseAzureStorage(azure));
            services.AddDurableTaskClient(builder => builder.UseAzureStorage(azure));
            return services;
        }

        var engine = EngineOptions(options);
        services.AddDurableTaskWorker(builder => builder.AddTasks(registry => MusicVideoWorkflow.Register(registry)).UseEmbeddedEngine(engine));
        services.AddDurableTaskClient(builder => builder.UseEmbeddedEngine(engine));
        return services;
    }

    /// <summary>A client without a worker (operator verbs): over the data folder's store, or over the task hub.</summary>
    public static async Task<(IAsyncDisposable Resources, DurableTaskClient Client)> OpenClientAsync(MusicVideoOptions options, DurableBackendSettings backend)
    {
        if (backend.AzureStorage is { } azure)
        {
            var hub = new AzureStorageBackend(azure);
            return (hub, new AzureStorageDurableTaskClient(hub));
        }

        var store = new SqliteOrchestrationStore(new SqliteStoreOptions(EngineOptions(options).DatabasePath));
        await store.InitializeAsync();
        return (store, new LocalDurableTaskClient(store));
    }
}
