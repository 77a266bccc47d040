using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace MusicVideo.Durable.AzureStorage;

/// <summary>Selects the Durable Task Framework's Azure Storage provider as the backend of Microsoft.DurableTask's worker and client builders.</summary>
/// <example>
/// <code>
/// var options = AzureStorageBackendOptions.FromEnvironment();
/// services.AddDurableTaskWorker(b => b.AddTasks(r => r.AddOrchestrator&lt;MyOrchestrator&gt;()).UseAzureStorage(options));
/// services.AddDurableTaskClient(b => b.UseAzureStorage(options));
/// </code>
/// </example>
public static class AzureStorageBuilderExtensions
{
    /// <summary>Runs the worker's registered tasks on a <c>TaskHubWorker</c> over the task hub.</summary>
    public static IDurableTaskWorkerBuilder UseAzureStorage(this IDurableTaskWorkerBuilder builder, AzureStorageBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddBackend(builder.Services, options);
        builder.UseBuildTarget<AzureStorageDurableTaskWorker>();
        return builder;
    }

    /// <summary>Builds the client over the task hub.</summary>
    public static IDurableTaskClientBuilder UseAzureStorage(this IDurableTaskClientBuilder builder, AzureStorageBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddBackend(builder.Services, options);
        builder.UseBuildTarget<AzureStorageDurableTaskClient>();
        return builder;
    }

    static void AddBackend(IServiceCollection services, AzureStorageBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(sp => new AzureStorageBackend(options, sp.GetService<ILoggerFactory>()));
    }
}
