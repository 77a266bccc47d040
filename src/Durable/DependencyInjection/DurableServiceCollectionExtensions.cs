using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicVideo.Durable.Storage;

namespace MusicVideo.Durable;

/// <summary>Registers the embedded engine (store, worker, client) with dependency injection.</summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>Adds the SQLite store, the worker (as a hosted service) and the in-process client.</summary>
    public static IServiceCollection AddDurableTaskEngine(
        this IServiceCollection services, DurableEngineOptions options, Action<DurableTaskRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configure);
        var registry = new DurableTaskRegistry();
        configure(registry);
        services.AddSingleton(registry);
        services.AddSingleton(options);
        services.AddSingleton<OrchestrationStore>(_ => new SqliteOrchestrationStore(new SqliteStoreOptions(options.DatabasePath, options.Durability)));
        services.AddSingleton(sp => new DurableTaskWorker(
            sp.GetRequiredService<OrchestrationStore>(),
            registry,
            options.Worker,
            sp,
            JsonDataConverter.Default,
            sp.GetService<ILoggerFactory>()));
        services.AddSingleton<DurableTaskClient>(sp => new LocalDurableTaskClient(
            sp.GetRequiredService<OrchestrationStore>(), sp.GetRequiredService<DurableTaskWorker>()));
        services.AddHostedService<DurableWorkerHostedService>();
        return services;
    }

    sealed class DurableWorkerHostedService(DurableTaskWorker worker) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => worker.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => worker.StopAsync(cancellationToken);
    }
}
