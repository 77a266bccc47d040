namespace MusicVideo.Core.Workflow;

/// <summary>A failure no retry can fix (bad input, content policy, authentication); the workflow's retry policies stop at once.</summary>
/// <remarks>Recognised across activity and sub-orchestration boundaries with <see cref="FailureDetailsExtensions.IsPermanent"/>.</remarks>
public sealed class PermanentFailureException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PermanentFailureException"/> class.</summary>
    public PermanentFailureException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PermanentFailureException"/> class with its cause.</summary>
    public PermanentFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
