namespace MusicVideo.Durable;

/// <summary>An <see cref="IDurableTaskFactory"/> over a <see cref="DurableTaskRegistry"/>, for workers built without dependency injection.</summary>
/// <remarks>Microsoft's builder makes its own factory from the registry; this one reads the registry's public task lists.</remarks>
public sealed class RegistryTaskFactory : IDurableTaskFactory
{
    readonly Dictionary<TaskName, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators;
    readonly Dictionary<TaskName, Func<IServiceProvider, ITaskActivity>> _activities;

    /// <summary>Initializes a new instance of the <see cref="RegistryTaskFactory"/> class.</summary>
    public RegistryTaskFactory(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _orchestrators = registry.GetOrchestrators().ToDictionary(p => p.Key, p => p.Value);
        _activities = registry.GetActivities().ToDictionary(p => p.Key, p => p.Value);
    }

    /// <inheritdoc />
    public bool TryCreateActivity(TaskName name, IServiceProvider serviceProvider, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ITaskActivity? activity)
    {
        activity = _activities.TryGetValue(name, out var create) ? create(serviceProvider) : null;
        return activity is not null;
    }

    /// <inheritdoc />
    public bool TryCreateOrchestrator(TaskName name, IServiceProvider serviceProvider, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ITaskOrchestrator? orchestrator)
    {
        orchestrator = _orchestrators.TryGetValue(name, out var create) ? create(serviceProvider) : null;
        return orchestrator is not null;
    }
}
