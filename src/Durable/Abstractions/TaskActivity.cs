namespace MusicVideo.Durable;

/// <summary>Base class for class-based activities with a typed input and output.</summary>
public abstract class TaskActivity<TInput, TOutput>
{
    /// <summary>Runs the activity.</summary>
    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);
}
