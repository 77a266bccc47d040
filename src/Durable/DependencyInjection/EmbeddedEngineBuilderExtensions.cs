using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MusicVideo.Durable;

/// <summary>Selects the embedded SQLite engine as the backend of Microsoft.DurableTask's worker and client builders.</summary>
/// <example>
/// <code>
/// services.AddDurableTaskWorker(b => b.AddTasks(r => r.AddOrchestrator&lt;MyOrchestrator&gt;()).UseEmbeddedEngine(options));
/// services.AddDurableTaskClient(b => b.UseEmbeddedEngine(options));
/// </code>
/// </example>
public static class EmbeddedEngineBuilderExtensions
{
    /// <summary>Runs the worker's registered tasks on the embedded engine.</summary>
    public static IDurableTaskWorkerBuilder UseEmbeddedEngine(this IDurableTaskWorkerBuilder builder, DurableEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddEngine(builder.Services, options);
        builder.UseBuildTarget<EmbeddedDurableTaskWorker>();
        return builder;
    }

    /// <summary>Builds the client over the embedded engine's store.</summary>
    public static IDurableTaskClientBuilder UseEmbeddedEngine(this IDurableTaskClientBuilder builder, DurableEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddEngine(builder.Services, options);
        builder.UseBuildTarget<LocalDurableTaskClient>();
        return builder;
    }

    static void AddEngine(IServiceCollection services, DurableEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(_ => new EmbeddedEngine(options));
    }
}
