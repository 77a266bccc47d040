using Microsoft.Extensions.Logging;

namespace MusicVideo.Durable;

/// <summary>The context an orchestrator runs in: durable calls, timers, events and replay-safe state.</summary>
/// <remarks>
/// Orchestrator code is replayed from the start on every episode, so it must be deterministic: use
/// <see cref="CurrentUtcDateTime"/>, <see cref="NewGuid"/> and durable calls instead of the clock, random
/// numbers, I/O or <see cref="Task.Delay(TimeSpan)"/>.
/// </remarks>
public abstract class TaskOrchestrationContext
{
    /// <summary>Gets the name of the running orchestration.</summary>
    public abstract string Name { get; }

    /// <summary>Gets the id of the running orchestration instance.</summary>
    public abstract string InstanceId { get; }

    /// <summary>Gets the parent orchestration when this is a sub-orchestration.</summary>
    public abstract ParentOrchestrationInstance? Parent { get; }

    /// <summary>Gets the replay-safe current time (the start time of the current episode).</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>Gets a value indicating whether the code is replaying history rather than running for the first time.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>Gets the logger factory used for replay-safe loggers.</summary>
    protected abstract ILoggerFactory LoggerFactory { get; }

    /// <summary>Deserializes the orchestration input.</summary>
    public abstract T? GetInput<T>();

    /// <summary>Calls an activity and waits for it to finish.</summary>
    public virtual Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null)
        => this.CallActivityAsync<object?>(name, input, options);

    /// <summary>Calls an activity and returns its result.</summary>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Calls a sub-orchestration and waits for it to finish.</summary>
    public virtual Task CallSubOrchestratorAsync(string name, object? input = null, TaskOptions? options = null)
        => this.CallSubOrchestratorAsync<object?>(name, input, options);

    /// <summary>Calls a sub-orchestration and returns its output.</summary>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Creates a durable timer that fires after the given delay.</summary>
    public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
        => this.CreateTimer(this.CurrentUtcDateTime + delay, cancellationToken);

    /// <summary>Creates a durable timer that fires at the given UTC time.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Waits for an external event with the given (case-insensitive) name.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an external event, throwing <see cref="TaskCanceledException"/> when the timeout elapses first.</summary>
    public virtual Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
        => this.WaitForExternalEvent<T>(eventName, timeout, CancellationToken.None);

    /// <summary>Waits for an external event with a timeout and a cancellation token.</summary>
    public virtual async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var eventTask = this.WaitForExternalEvent<T>(eventName, cts.Token);
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return await eventTask;
        }

        var timerTask = this.CreateTimer(timeout, cts.Token);
        await Task.WhenAny(eventTask, timerTask);

        // Cancelling the loser releases its durable wait; on timeout the event task ends as canceled.
        // Cancel synchronously: CancelAsync would run the callbacks off the orchestration's thread.
#pragma warning disable CA1849
        cts.Cancel();
#pragma warning restore CA1849
        return await eventTask;
    }

    /// <summary>Sends an event to another orchestration instance (dropped when the target does not exist).</summary>
    public abstract void SendEvent(string instanceId, string eventName, object? payload);

    /// <summary>Sets the custom status shown to status readers (at most 16 KB when serialized).</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>Ends this execution and starts a new one of the same instance with a fresh history.</summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>Creates a deterministic, replay-safe GUID.</summary>
    public abstract Guid NewGuid();

    /// <summary>Creates a logger that writes only when the orchestrator is not replaying.</summary>
    public virtual ILogger CreateReplaySafeLogger(string categoryName)
        => new ReplaySafeLogger(this, this.LoggerFactory.CreateLogger(categoryName));

    /// <summary>Creates a replay-safe logger named after <typeparamref name="T"/>.</summary>
    public virtual ILogger CreateReplaySafeLogger<T>() => this.CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);

    sealed class ReplaySafeLogger(TaskOrchestrationContext context, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
