using DurableTask.Core;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace MusicVideo.Durable.AzureStorage;

/// <summary>Gives the Durable Task Framework an activity that runs a registered Microsoft.DurableTask activity in its own service scope.</summary>
sealed class ShimActivityManager(IDurableTaskFactory factory, IServiceProvider services, DurableTaskShimFactory shims)
    : INameVersionObjectManager<TaskActivity>
{
    public void Add(ObjectCreator<TaskActivity> creator) => throw new NotSupportedException("Activities come from the DurableTaskRegistry.");

    public TaskActivity? GetObject(string name, string? version)
    {
        // Probe once so an unknown name is reported by the dispatcher ("activity not found"), as Microsoft's worker does.
        using (var probe = services.CreateScope())
        {
            if (!factory.TryCreateActivity(new TaskName(name), probe.ServiceProvider, out _))
            {
                return null;
            }
        }

        return new ScopedActivity(new TaskName(name), factory, services, shims);
    }

    /// <summary>One activity invocation: a service scope, the activity from the registry, Microsoft's shim to run it.</summary>
    sealed class ScopedActivity(TaskName name, IDurableTaskFactory factory, IServiceProvider services, DurableTaskShimFactory shims) : TaskActivity
    {
        public override string Run(TaskContext context, string input) => throw new NotSupportedException("Activities run asynchronously.");

        public override async Task<string> RunAsync(TaskContext context, string input)
        {
            await using var scope = services.CreateAsyncScope();
            if (!factory.TryCreateActivity(name, scope.ServiceProvider, out var activity))
            {
                throw new InvalidOperationException($"The activity '{name.Name}' is not registered with this worker.");
            }

            return await shims.CreateActivity(name, activity).RunAsync(context, input).ConfigureAwait(false);
        }
    }
}
