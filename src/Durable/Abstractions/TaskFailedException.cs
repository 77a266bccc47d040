namespace MusicVideo.Durable;

/// <summary>Thrown in an orchestration when an activity or sub-orchestration it awaited failed.</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TaskFailedException"/> class.</summary>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails?.ErrorMessage}")
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        this.TaskName = taskName;
        this.TaskId = taskId;
        this.FailureDetails = failureDetails;
    }

    /// <summary>Gets the name of the failed activity or sub-orchestration.</summary>
    public string TaskName { get; }

    /// <summary>Gets the sequence id of the failed task in the orchestration history.</summary>
    public int TaskId { get; }

    /// <summary>Gets the details of the failure.</summary>
    public TaskFailureDetails FailureDetails { get; }
}
