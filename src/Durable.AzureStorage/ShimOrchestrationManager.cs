using DurableTask.Core;
using Microsoft.DurableTask.Worker.Shims;

namespace MusicVideo.Durable.AzureStorage;

/// <summary>Gives the Durable Task Framework a fresh shim of a registered Microsoft.DurableTask orchestrator per execution.</summary>
sealed class ShimOrchestrationManager(IDurableTaskFactory factory, IServiceProvider services, DurableTaskShimFactory shims)
    : INameVersionObjectManager<TaskOrchestration>
{
    public void Add(ObjectCreator<TaskOrchestration> creator) => throw new NotSupportedException("Orchestrators come from the DurableTaskRegistry.");

    // Null for an unknown name: the dispatcher then fails the instance with "orchestration not found".
    public TaskOrchestration? GetObject(string name, string? version)
        => factory.TryCreateOrchestrator(new TaskName(name), services, out var orchestrator)
            ? shims.CreateOrchestration(new TaskName(name), orchestrator)
            : null;
}
