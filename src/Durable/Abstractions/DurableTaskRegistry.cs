using Microsoft.Extensions.DependencyInjection;

namespace MusicVideo.Durable;

/// <summary>Registers orchestrators and activities by (case-insensitive) name.</summary>
public sealed class DurableTaskRegistry
{
    readonly Dictionary<string, Func<IServiceProvider, TaskOrchestrationContext, Task<object?>>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, Func<IServiceProvider, TaskActivityContext, string?, DataConverter, Task<object?>>> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers an orchestrator that reads its input from the context.</summary>
    public DurableTaskRegistry AddOrchestrator(string name, Func<TaskOrchestrationContext, Task<object?>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        return this.Add(_orchestrators, name, (_, context) => orchestrator(context));
    }

    /// <summary>Registers an orchestrator with a typed input and output.</summary>
    public DurableTaskRegistry AddOrchestrator<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        return this.Add(_orchestrators, name, async (_, context) => await orchestrator(context, context.GetInput<TInput>()!));
    }

    /// <summary>Registers a class-based orchestrator, created through dependency injection for every episode.</summary>
    public DurableTaskRegistry AddOrchestrator<TOrchestrator, TInput, TOutput>(string? name = null)
        where TOrchestrator : TaskOrchestrator<TInput, TOutput>
        => this.Add(_orchestrators, name ?? typeof(TOrchestrator).Name, async (services, context) =>
            await ActivatorUtilities.GetServiceOrCreateInstance<TOrchestrator>(services).RunAsync(context, context.GetInput<TInput>()!));

    /// <summary>Registers an activity with a typed input and output.</summary>
    public DurableTaskRegistry AddActivity<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return this.Add(_activities, name, async (_, context, input, converter) => await activity(context, converter.Deserialize<TInput>(input)!));
    }

    /// <summary>Registers an activity with a typed input and no result.</summary>
    public DurableTaskRegistry AddActivity<TInput>(string name, Func<TaskActivityContext, TInput, Task> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return this.Add(_activities, name, async (_, context, input, converter) =>
        {
            await activity(context, converter.Deserialize<TInput>(input)!);
            return null;
        });
    }

    /// <summary>Registers a class-based activity, created through dependency injection for every execution.</summary>
    public DurableTaskRegistry AddActivity<TActivity, TInput, TOutput>(string? name = null)
        where TActivity : TaskActivity<TInput, TOutput>
        => this.Add(_activities, name ?? typeof(TActivity).Name, async (services, context, input, converter) =>
            await ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(services).RunAsync(context, converter.Deserialize<TInput>(input)!));

    /// <summary>Returns true when an orchestrator with the given name is registered.</summary>
    public bool IsOrchestratorRegistered(string name) => _orchestrators.ContainsKey(name);

    internal bool TryGetOrchestrator(string name, out Func<IServiceProvider, TaskOrchestrationContext, Task<object?>> orchestrator)
        => _orchestrators.TryGetValue(name, out orchestrator!);

    internal bool TryGetActivity(string name, out Func<IServiceProvider, TaskActivityContext, string?, DataConverter, Task<object?>> activity)
        => _activities.TryGetValue(name, out activity!);

    DurableTaskRegistry Add<T>(Dictionary<string, T> map, string name, T value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!map.TryAdd(name, value))
        {
            throw new ArgumentException($"A task named '{name}' is already registered.", nameof(name));
        }

        return this;
    }
}
