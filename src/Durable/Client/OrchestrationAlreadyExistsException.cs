namespace MusicVideo.Durable;

/// <summary>Thrown when scheduling an orchestration whose instance id is already in use by a non-terminal instance.</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="OrchestrationAlreadyExistsException"/> class.</summary>
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"An orchestration with instance id '{instanceId}' already exists and is {status}; terminate or purge it first.")
    {
        this.InstanceId = instanceId;
    }

    /// <summary>Gets the conflicting instance id.</summary>
    public string InstanceId { get; }
}
