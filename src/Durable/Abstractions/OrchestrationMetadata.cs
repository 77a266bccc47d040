namespace MusicVideo.Durable;

/// <summary>The state of an orchestration instance as seen by clients.</summary>
public sealed record OrchestrationMetadata
{
    /// <summary>Gets the orchestrator name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Gets the runtime status.</summary>
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>Gets the creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the time of the last state change.</summary>
    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>Gets the serialized input, when requested.</summary>
    public string? SerializedInput { get; init; }

    /// <summary>Gets the serialized output, when requested.</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>Gets the serialized custom status, when requested.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Gets the failure details of a failed instance, when requested.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>Gets the converter used by the Read… helpers.</summary>
    public DataConverter DataConverter { get; init; } = JsonDataConverter.Default;

    /// <summary>Gets a value indicating whether the instance is running.</summary>
    public bool IsRunning => this.RuntimeStatus == OrchestrationRuntimeStatus.Running;

    /// <summary>Gets a value indicating whether the instance reached a terminal state.</summary>
    public bool IsCompleted => this.RuntimeStatus.IsTerminal();

    /// <summary>Deserializes the input.</summary>
    public T? ReadInputAs<T>() => this.DataConverter.Deserialize<T>(this.SerializedInput);

    /// <summary>Deserializes the output.</summary>
    public T? ReadOutputAs<T>() => this.DataConverter.Deserialize<T>(this.SerializedOutput);

    /// <summary>Deserializes the custom status.</summary>
    public T? ReadCustomStatusAs<T>() => this.DataConverter.Deserialize<T>(this.SerializedCustomStatus);
}
