namespace MusicVideo.Core.Workflow;

/// <summary>The token activities stop on: the host's shutdown (Microsoft's activity context carries none).</summary>
/// <remarks>Each host registers one from its own lifetime; work cut short by it is redelivered after the restart.</remarks>
/// <param name="Token">Signalled when the host is stopping.</param>
public sealed record ActivityCancellation(CancellationToken Token)
{
    /// <summary>Gets an instance that never signals (tests and tools without a host lifetime).</summary>
    public static ActivityCancellation None { get; } = new(CancellationToken.None);
}
