namespace MusicVideo.Durable;

/// <summary>The worker's <see cref="TaskActivityContext"/>.</summary>
sealed class WorkerActivityContext(string name, string instanceId, int taskId, CancellationToken cancellationToken) : TaskActivityContext
{
    public override string Name => name;

    public override string InstanceId => instanceId;

    public override int TaskId => taskId;

    public override CancellationToken CancellationToken => cancellationToken;
}
