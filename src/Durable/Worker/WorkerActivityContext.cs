namespace MusicVideo.Durable;

/// <summary>The worker's <see cref="TaskActivityContext"/>.</summary>
sealed class WorkerActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name => name;

    public override string InstanceId => instanceId;
}
