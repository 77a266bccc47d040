using System.Globalization;
using Microsoft.Extensions.Logging;
using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Runtime;

/// <summary>The engine's <see cref="TaskOrchestrationContext"/>: records durable calls and completes them from history.</summary>
/// <remarks>
/// Retries follow Microsoft.DurableTask: a <see cref="RetryPolicy"/> schedules durable timers between attempts and asks
/// <see cref="RetryPolicy.Handle"/> (which runs <c>HandleFailure</c>); a custom <see cref="AsyncRetryHandler"/> decides
/// and sleeps itself. Entities are not supported.
/// </remarks>
sealed class ReplayOrchestrationContext : TaskOrchestrationContext
{
    const int MaxCustomStatusLength = 16 * 1024;

    readonly DataConverter _converter;
    readonly ILoggerFactory _loggerFactory;
    readonly string? _input;
    readonly Dictionary<int, HistoryEvent> _unmatched = [];
    readonly Dictionary<int, OpenTask> _open = [];
    readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, Queue<HistoryEvent>> _buffered = new(StringComparer.OrdinalIgnoreCase);
    readonly List<HistoryEvent> _bufferedInArrivalOrder = [];
    readonly int _threadId = Environment.CurrentManagedThreadId;
    int _sequence;
    int _guidCounter;

    public ReplayOrchestrationContext(
        string name, string instanceId, ParentOrchestrationInstance? parent, string? input, DataConverter converter, ILoggerFactory loggerFactory)
    {
        this.Name = new TaskName(name);
        this.InstanceId = instanceId;
        this.Parent = parent;
        _input = input;
        _converter = converter;
        _loggerFactory = loggerFactory;
    }

    public override TaskName Name { get; }

    public override string InstanceId { get; }

    public override ParentOrchestrationInstance? Parent { get; }

    public override DateTime CurrentUtcDateTime => this.CurrentTime;

    public override bool IsReplaying => this.Replaying;

    internal DateTime CurrentTime { get; set; }

    internal bool Replaying { get; set; }

    /// <summary>Gets or sets the history index of the inbound event being processed (recorded as CausedBy).</summary>
    internal int CurrentEventIndex { get; set; }

    internal bool CustomStatusSet { get; private set; }

    internal string? CustomStatus { get; private set; }

    internal string? ContinueAsNewInput { get; private set; }

    internal bool ContinueAsNewPreserveEvents { get; private set; }

    internal bool ContinuedAsNew { get; private set; }

    internal NonDeterministicOrchestrationException? NonDeterminism { get; private set; }

    internal bool HasPendingWaits => _open.Count > 0 || _waiters.Values.Any(w => w.Count > 0);

    protected override ILoggerFactory LoggerFactory => _loggerFactory;

    /// <summary>Gets the deserialized input, set by the executor before the orchestrator runs.</summary>
    internal object? Input { get; set; }

    public override T? GetInput<T>() where T : default => this.Input is T typed ? typed : _converter.Deserialize<T>(_input);

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name.Name, nameof(name));
        this.RejectOptionsAsInput(input, options);
        string? serialized = _converter.Serialize(input);
        return this.WithRetry(options?.Retry, subOrchestration: false, () => this.Schedule<TResult>(HistoryEventType.TaskScheduled, name.Name, serialized, null));
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName.Name, nameof(orchestratorName));
        this.RejectOptionsAsInput(input, options);
        string? serialized = _converter.Serialize(input);

        // Retries reuse the same child instance id, as Durable Functions does.
        string childId = (options as SubOrchestrationOptions)?.InstanceId ?? this.NewGuid().ToString("N");
        return this.WithRetry(
            options?.Retry, subOrchestration: true, () => this.Schedule<TResult>(HistoryEventType.SubOrchestrationInstanceCreated, orchestratorName.Name, serialized, childId));
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        int id = this.AddAction(new HistoryEvent
        {
            EventType = HistoryEventType.TimerCreated,
            FireAt = DateTime.SpecifyKind(fireAt, DateTimeKind.Utc),
            Name = "timer",
        });
        var tcs = new TaskCompletionSource<string?>();
        _open[id] = new OpenTask("timer", HistoryEventType.TimerCreated, tcs);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (_open.Remove(id))
                {
                    tcs.TrySetCanceled(cancellationToken);
                }
            });
        }

        return tcs.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        this.EnsureOrchestrationThread();
        if (_buffered.TryGetValue(eventName, out var queue) && queue.TryDequeue(out var buffered))
        {
            return Task.FromResult(_converter.Deserialize<T>(buffered.Input)!);
        }

        var tcs = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(eventName, out var list))
        {
            _waiters[eventName] = list = new LinkedList<TaskCompletionSource<string?>>();
        }

        var node = list.AddLast(tcs);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    list.Remove(node);
                    tcs.TrySetCanceled(cancellationToken);
                }
            });
        }

        return this.Convert<T>(tcs.Task);
    }

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        this.AddAction(new HistoryEvent
        {
            EventType = HistoryEventType.EventSent,
            InstanceId = instanceId,
            Name = eventName,
            Input = _converter.Serialize(payload),
        });
    }

    public override void SetCustomStatus(object? customStatus)
    {
        this.EnsureOrchestrationThread();
        string? serialized = _converter.Serialize(customStatus);
        if (serialized is not null && serialized.Length > MaxCustomStatusLength)
        {
            throw new ArgumentException(
                $"The custom status is {serialized.Length:N0} characters when serialized; the limit is {MaxCustomStatusLength:N0}. Store large data elsewhere and reference it.",
                nameof(customStatus));
        }

        this.CustomStatus = serialized;
        this.CustomStatusSet = true;
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        this.EnsureOrchestrationThread();
        this.ContinuedAsNew = true;
        this.ContinueAsNewInput = _converter.Serialize(newInput);
        this.ContinueAsNewPreserveEvents = preserveUnprocessedEvents;
    }

    public override Guid NewGuid()
    {
        this.EnsureOrchestrationThread();
        string name = string.Create(
            CultureInfo.InvariantCulture, $"{this.InstanceId}_{this.CurrentUtcDateTime:o}_{_guidCounter++}");
        return DeterministicGuid.Create(name);
    }

    /// <summary>Checks a scheduling event from history against the call the code made with the same sequence id.</summary>
    internal void MatchAction(HistoryEvent recorded)
    {
        if (!_unmatched.Remove(recorded.EventId, out var made))
        {
            this.NonDeterminism ??= new NonDeterministicOrchestrationException(
                $"sequence ID {recorded.EventId}: the history expected {Describe(recorded)}, but the current code made no call with this sequence ID " +
                "(was the orchestrator code changed after this instance started?).");
            return;
        }

        bool sameName = recorded.EventType == HistoryEventType.TimerCreated ||
            string.Equals(recorded.Name, made.Name, StringComparison.OrdinalIgnoreCase);
        if (made.EventType != recorded.EventType || !sameName)
        {
            this.NonDeterminism ??= new NonDeterministicOrchestrationException(
                $"sequence ID {recorded.EventId}: the history expected {Describe(recorded)}, but the current code called {Describe(made)} " +
                "(was the orchestrator code changed after this instance started?).");
        }
    }

    /// <summary>Completes the awaited task a completion event refers to; unknown ids are duplicates and are ignored.</summary>
    internal void Complete(HistoryEvent completion)
    {
        int id = completion.TaskScheduledId ?? -1;
        if (!_open.TryGetValue(id, out var open) || open.Kind != KindOf(completion.EventType))
        {
            // A duplicate, or a completion meant for another call with the same id (e.g. of an earlier execution).
            return;
        }

        _open.Remove(id);

        switch (completion.EventType)
        {
            case HistoryEventType.TaskFailed:
            case HistoryEventType.SubOrchestrationInstanceFailed:
                var details = completion.FailureDetails ?? new TaskFailureDetails("(unknown)", "The task failed without details.", null, null, null);
                open.Source.TrySetException(new TaskFailedException(open.Name, id, details));
                break;
            default:
                open.Source.TrySetResult(completion.Result);
                break;
        }
    }

    internal void RaiseEvent(HistoryEvent raised)
    {
        string name = raised.Name ?? string.Empty;
        if (_waiters.TryGetValue(name, out var list) && list.First is { } first)
        {
            list.RemoveFirst();
            first.Value.TrySetResult(raised.Input);
            return;
        }

        if (!_buffered.TryGetValue(name, out var queue))
        {
            _buffered[name] = queue = new Queue<HistoryEvent>();
        }

        queue.Enqueue(raised);
        _bufferedInArrivalOrder.Add(raised);
    }

    /// <summary>Returns the calls made in this episode that history does not record yet, in sequence order.</summary>
    internal IEnumerable<HistoryEvent> NewActions() => _unmatched.OrderBy(p => p.Key).Select(p => p.Value);

    /// <summary>Returns the received events no waiter took, in arrival order across all names.</summary>
    internal IEnumerable<HistoryEvent> UnconsumedEvents()
    {
        var remaining = _buffered.Values.SelectMany(q => q).ToHashSet(ReferenceEqualityComparer.Instance);
        return _bufferedInArrivalOrder.Where(remaining.Contains);
    }

    internal int NextSequenceId => _sequence;

    static string Describe(HistoryEvent e) => e.EventType switch
    {
        HistoryEventType.TaskScheduled => $"a call to activity '{e.Name}'",
        HistoryEventType.SubOrchestrationInstanceCreated => $"a call to sub-orchestration '{e.Name}'",
        HistoryEventType.TimerCreated => "a durable timer",
        HistoryEventType.EventSent => $"an event '{e.Name}' sent to '{e.InstanceId}'",
        _ => e.EventType.ToString(),
    };

    void RejectOptionsAsInput(object? input, TaskOptions? options)
    {
        if (input is TaskOptions && options is null)
        {
            throw new ArgumentException("A TaskOptions object was passed as the input; pass it as the options argument instead.", nameof(input));
        }
    }

    /// <summary>Orchestrator state is single-threaded: a call from another thread (ConfigureAwait(false), Task.Run) is refused.</summary>
    void EnsureOrchestrationThread()
    {
        if (Environment.CurrentManagedThreadId != _threadId)
        {
            throw new InvalidOperationException(
                "An orchestrator called the context from another thread (ConfigureAwait(false) or Task.Run in orchestrator code); " +
                "await durable tasks without ConfigureAwait.");
        }
    }

    int AddAction(HistoryEvent action)
    {
        this.EnsureOrchestrationThread();
        int id = _sequence++;
        // Wall-clock timestamp: only new actions are recorded; replayed ones are matched and the stored event is kept.
        _unmatched[id] = action with { EventId = id, CausedBy = this.CurrentEventIndex, Timestamp = DateTime.UtcNow };
        return id;
    }

    Task<TResult> Schedule<TResult>(HistoryEventType type, string name, string? input, string? childId)
    {
        int id = this.AddAction(new HistoryEvent { EventType = type, Name = name, Input = input, InstanceId = childId });
        var tcs = new TaskCompletionSource<string?>();
        _open[id] = new OpenTask(name, type, tcs);
        return this.Convert<TResult>(tcs.Task);
    }

    async Task<T> Convert<T>(Task<string?> raw) => _converter.Deserialize<T>(await raw)!;

    async Task<TResult> WithRetry<TResult>(TaskRetryOptions? retry, bool subOrchestration, Func<Task<TResult>> call)
    {
        if (retry?.Policy is { } policy)
        {
            DateTime firstAttempt = this.CurrentUtcDateTime;
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    return await call();
                }
                catch (TaskFailedException failure)
                {
                    // Not an exception filter: a filter that throws counts as false, so a throwing handler would silently stop
                    // all retries; here it fails the orchestration, as in Microsoft's runtime.
                    if (!this.ShouldRetry(policy, failure, subOrchestration, attempt, firstAttempt))
                    {
                        throw;
                    }
                }

                await this.CreateTimer(this.CurrentUtcDateTime + Delay(policy, attempt), CancellationToken.None);
            }
        }

        if (retry?.Handler is { } handler)
        {
            DateTime firstAttempt = this.CurrentUtcDateTime;
            for (int failures = 1; ; failures++)
            {
                try
                {
                    return await call();
                }
                catch (TaskFailedException failure)
                {
                    var context = new RetryContext(this, failures, failure.FailureDetails, this.CurrentUtcDateTime - firstAttempt, CancellationToken.None);
                    if (!await handler(context))
                    {
                        throw;
                    }
                }
            }
        }

        return await call();
    }

    bool ShouldRetry(RetryPolicy policy, TaskFailedException failure, bool subOrchestration, int attempt, DateTime firstAttempt)
    {
        if (attempt + 1 >= policy.MaxNumberOfAttempts || !policy.Handle(CoreFailures.ForRetryHandler(failure, subOrchestration)))
        {
            return false;
        }

        return policy.RetryTimeout == Timeout.InfiniteTimeSpan || this.CurrentUtcDateTime < firstAttempt + policy.RetryTimeout;
    }

    /// <summary>The delay before the retry that follows the given zero-based failed attempt (DTFx's formula).</summary>
    static TimeSpan Delay(RetryPolicy policy, int failedAttempt)
    {
        double ticks = policy.FirstRetryInterval.Ticks * Math.Pow(policy.BackoffCoefficient, failedAttempt);
        var delay = ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
        return policy.MaxRetryInterval != Timeout.InfiniteTimeSpan && delay > policy.MaxRetryInterval ? policy.MaxRetryInterval : delay;
    }

    static HistoryEventType KindOf(HistoryEventType completion) => completion switch
    {
        HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed => HistoryEventType.TaskScheduled,
        HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed => HistoryEventType.SubOrchestrationInstanceCreated,
        _ => HistoryEventType.TimerCreated,
    };

    sealed record OpenTask(string Name, HistoryEventType Kind, TaskCompletionSource<string?> Source);
}
