namespace MusicVideo.Durable;

/// <summary>Base class for class-based orchestrators with a typed input and output.</summary>
public abstract class TaskOrchestrator<TInput, TOutput>
{
    /// <summary>Runs the orchestration.</summary>
    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);
}
