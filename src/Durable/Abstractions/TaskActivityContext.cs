namespace MusicVideo.Durable;

/// <summary>The context an activity runs in.</summary>
public abstract class TaskActivityContext
{
    /// <summary>Gets the name of the activity.</summary>
    public abstract string Name { get; }

    /// <summary>Gets the id of the orchestration instance that called the activity.</summary>
    public abstract string InstanceId { get; }

    /// <summary>Gets the sequence id of the call in the orchestration's history (stable across redeliveries).</summary>
    public abstract int TaskId { get; }

    /// <summary>Gets a token that is canceled when the worker shuts down.</summary>
    public abstract CancellationToken CancellationToken { get; }
}
