using Core = DurableTask.Core;

namespace MusicVideo.Durable.Runtime;

/// <summary>Converts Microsoft.DurableTask failures to the Durable Task Framework's types, which Microsoft's own APIs expect in places.</summary>
static class CoreFailures
{
    /// <summary>The framework's failure details for a task failure, inner failures included.</summary>
    public static Core.FailureDetails? ToCore(TaskFailureDetails? failure) => failure is null
        ? null
        : new Core.FailureDetails(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, ToCore(failure.InnerFailure), isNonRetriable: false);

    /// <summary>The exception <see cref="RetryPolicy.Handle"/> is given for a failed call, as Microsoft's runtime gives it.</summary>
    /// <remarks>
    /// <see cref="RetryPolicy.HandleFailure"/> accepts only the framework's <c>TaskFailedException</c> (an activity) or
    /// <c>SubOrchestrationFailedException</c> (a sub-orchestration) and throws for any other exception type.
    /// </remarks>
    public static Core.Exceptions.OrchestrationException ForRetryHandler(TaskFailedException failure, bool subOrchestration)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Core.Exceptions.OrchestrationException exception = subOrchestration
            ? new Core.Exceptions.SubOrchestrationFailedException(failure.Message) { Name = failure.TaskName, ScheduleId = failure.TaskId }
            : new Core.Exceptions.TaskFailedException(failure.Message) { Name = failure.TaskName, ScheduleId = failure.TaskId };
        exception.FailureDetails = ToCore(failure.FailureDetails);
        return exception;
    }
}
