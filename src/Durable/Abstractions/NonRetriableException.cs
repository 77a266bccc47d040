namespace MusicVideo.Durable;

/// <summary>Thrown by an activity to report a failure that retry policies must not retry (bad input, policy violation).</summary>
public class NonRetriableException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="NonRetriableException"/> class.</summary>
    public NonRetriableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NonRetriableException"/> class with an inner exception.</summary>
    public NonRetriableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
