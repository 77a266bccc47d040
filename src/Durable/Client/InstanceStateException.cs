namespace MusicVideo.Durable;

/// <summary>Thrown when an operation does not apply to an instance in its current status (e.g. raising an event on a completed one).</summary>
public sealed class InstanceStateException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="InstanceStateException"/> class.</summary>
    public InstanceStateException(string instanceId, OrchestrationRuntimeStatus status, string operation)
        : base($"Cannot {operation} instance '{instanceId}' because it is {status}.")
    {
        this.InstanceId = instanceId;
        this.Status = status;
    }

    /// <summary>Gets the instance id.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the status that rejected the operation.</summary>
    public OrchestrationRuntimeStatus Status { get; }
}
