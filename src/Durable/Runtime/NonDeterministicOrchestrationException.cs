namespace MusicVideo.Durable;

/// <summary>Thrown when replaying an orchestration produces different durable calls than its history records.</summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="NonDeterministicOrchestrationException"/> class.</summary>
    public NonDeterministicOrchestrationException(string message)
        : base("Non-Deterministic workflow detected: " + message)
    {
    }
}
