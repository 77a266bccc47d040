namespace MusicVideo.Durable;

/// <summary>Thrown when an operation names an instance that does not exist.</summary>
public sealed class InstanceNotFoundException : ArgumentException
{
    /// <summary>Initializes a new instance of the <see cref="InstanceNotFoundException"/> class.</summary>
    public InstanceNotFoundException(string instanceId)
        : base($"No orchestration instance with id '{instanceId}' exists.")
    {
        this.InstanceId = instanceId;
    }

    /// <summary>Gets the missing instance id.</summary>
    public string InstanceId { get; }
}
