using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using MusicVideo.Core.Workflow;
using MusicVideo.Durable;

namespace MusicVideo.Server.Hosting;

/// <summary>The standalone host's durable backend: Core's workflow on the embedded SQLite engine in the data folder.</summary>
static class DurableBackend
{
    /// <summary>The engine's options for a data folder: <c>durable.db</c> and the worker's exclusive <c>worker.lock</c>.</summary>
    public static DurableEngineOptions EngineOptions(MusicVideoOptions options) => new(Path.Combine(options.DataDirectory, "durable.db"))
    {
        Worker = new DurableWorkerOptions { LockFilePath = Path.Combine(options.DataDirectory, "worker.lock") },
    };

    /// <summary>Adds the worker (running Core's registered tasks), the client, and the host's stopping token for activities.</summary>
    public static IServiceCollection AddEmbeddedDurableTask(this IServiceCollection services, MusicVideoOptions options)
    {
        var engine = EngineOptions(options);
        services.AddSingleton(sp => new ActivityCancellation(sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        services.AddDurableTaskWorker(builder => builder.AddTasks(registry => MusicVideoWorkflow.Register(registry)).UseEmbeddedEngine(engine));
        services.AddDurableTaskClient(builder => builder.UseEmbeddedEngine(engine));
        return services;
    }
}
