namespace MusicVideo.Durable.Runtime;

/// <summary>Runs orchestrator continuations on the episode's thread, one at a time, in a deterministic order.</summary>
/// <remarks>
/// A continuation posted from another thread means the orchestrator awaited a non-durable task (Task.Delay, I/O,
/// ConfigureAwait(false) on real work); it is dropped and recorded so the executor can fail the instance clearly.
/// </remarks>
sealed class OrchestrationSynchronizationContext : SynchronizationContext
{
    readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    readonly int _threadId = Environment.CurrentManagedThreadId;
    volatile bool _closed;
    volatile bool _foreignPost;

    public bool ForeignPostDetected => _foreignPost;

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (_closed || Environment.CurrentManagedThreadId != _threadId)
        {
            _foreignPost = true;
            return;
        }

        _queue.Enqueue((d, state));
    }

    public override void Send(SendOrPostCallback d, object? state) => this.Post(d, state);

    public override SynchronizationContext CreateCopy() => this;

    public void Drain()
    {
        while (_queue.TryDequeue(out var item))
        {
            item.Callback(item.State);
        }
    }

    public void Close() => _closed = true;
}
