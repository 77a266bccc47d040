using Microsoft.DurableTask;

namespace MusicVideo.Functions.Workflow;

/// <summary>The activity context Core's activity classes receive when Durable Functions runs them through a function.</summary>
public sealed class FunctionsActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    /// <inheritdoc />
    public override TaskName Name { get; } = name;

    /// <inheritdoc />
    public override string InstanceId { get; } = instanceId;
}
