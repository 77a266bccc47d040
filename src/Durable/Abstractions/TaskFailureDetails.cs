namespace MusicVideo.Durable;

/// <summary>Serializable details of a failure of an activity, sub-orchestration or orchestration.</summary>
/// <param name="ErrorType">The full type name of the original exception.</param>
/// <param name="ErrorMessage">The message of the original exception.</param>
/// <param name="StackTrace">The stack trace of the original exception, if captured.</param>
/// <param name="InnerFailure">The details of the inner failure, if any.</param>
/// <param name="IsNonRetriable">True when retry policies must not retry this failure.</param>
public sealed record TaskFailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace = null,
    TaskFailureDetails? InnerFailure = null,
    bool IsNonRetriable = false)
{
    /// <summary>Returns "{ErrorType}: {ErrorMessage}".</summary>
    public override string ToString() => $"{this.ErrorType}: {this.ErrorMessage}";

    /// <summary>Returns true when the failure was caused by an exception of type <typeparamref name="T"/> or a subtype.</summary>
    public bool IsCausedBy<T>() where T : Exception => this.IsCausedBy(typeof(T));

    /// <summary>Returns true when the failure was caused by an exception of the given type or a subtype.</summary>
    public bool IsCausedBy(Type exceptionType)
    {
        ArgumentNullException.ThrowIfNull(exceptionType);
        if (string.Equals(this.ErrorType, exceptionType.FullName, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            var type = assembly.GetType(this.ErrorType, throwOnError: false);
            if (type is not null)
            {
                return exceptionType.IsAssignableFrom(type);
            }
        }

        return false;
    }

    /// <summary>Gets the message of the innermost failure (the root cause).</summary>
    public string RootCauseMessage => this.InnerFailure?.RootCauseMessage ?? this.ErrorMessage;

    /// <summary>Creates failure details from an exception, including its inner exceptions.</summary>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException failed)
        {
            // Keep the remote failure as the inner failure so callers can see the chain; an unhandled
            // non-retriable failure stays non-retriable as it travels up to parents.
            return new TaskFailureDetails(
                typeof(TaskFailedException).FullName!, failed.Message, failed.StackTrace, failed.FailureDetails, failed.FailureDetails.IsNonRetriable);
        }

        var inner = exception.InnerException is null ? null : FromException(exception.InnerException);
        return new TaskFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            inner,
            exception is NonRetriableException);
    }
}
