using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MusicVideo.Durable.Diagnostics;
using MusicVideo.Durable.History;
using MusicVideo.Durable.Runtime;
using MusicVideo.Durable.Storage;

namespace MusicVideo.Durable;

/// <summary>Runs orchestration episodes, activities and timers against an <see cref="OrchestrationStore"/>.</summary>
/// <remarks>
/// The store is the source of truth; the worker keeps ready queues in memory so it never polls for its own work.
/// On start it loads every unprocessed message and work item, so whatever was in flight when a process died runs
/// again (activities at least once; finished ones never, because their results were committed with their removal).
/// </remarks>
public sealed partial class EmbeddedDurableTaskWorker : Microsoft.DurableTask.Worker.Hosting.DurableTaskWorker, IAsyncDisposable
{
    readonly OrchestrationStore _store;
    readonly DurableWorkerOptions _options;
    readonly IServiceProvider _services;
    readonly DataConverter _converter;
    readonly ILoggerFactory _loggerFactory;
    readonly ILogger _logger;
    readonly Dictionary<string, InstanceSlot> _slots = new(StringComparer.Ordinal);
    readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    readonly Channel<ActivityWorkItem> _activities = Channel.CreateUnbounded<ActivityWorkItem>();
    readonly PriorityQueue<OrchestrationMessage, DateTime> _timers = new();
    readonly SemaphoreSlim _timerSignal = new(0);
    readonly HistoryCache _cache;
    readonly CancellationTokenSource _stopping = new();
    readonly CancellationTokenSource _abortWork = new();
    readonly List<Task> _workLoops = [];
    readonly List<Task> _backgroundLoops = [];
    FileStream? _lock;
    long _lastForeignMessageId;
    int _started;

    /// <summary>Initializes a new instance of the <see cref="EmbeddedDurableTaskWorker"/> class over a store.</summary>
    /// <param name="store">The store the instances live in.</param>
    /// <param name="factory">Creates the registered orchestrators and activities (from a <see cref="DurableTaskRegistry"/>).</param>
    /// <param name="options">The worker's concurrency, cache and shutdown settings.</param>
    /// <param name="services">The services activities and orchestrators are created from.</param>
    /// <param name="converter">The converter for inputs, outputs and events (default: Microsoft's JSON converter).</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="name">The worker's name (Microsoft.DurableTask's named-worker model).</param>
    public EmbeddedDurableTaskWorker(
        OrchestrationStore store,
        IDurableTaskFactory factory,
        DurableWorkerOptions? options = null,
        IServiceProvider? services = null,
        DataConverter? converter = null,
        ILoggerFactory? loggerFactory = null,
        string? name = null)
        : base(name ?? Microsoft.Extensions.Options.Options.DefaultName, factory)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? new DurableWorkerOptions();
        _services = services ?? new ServiceCollection().BuildServiceProvider();
        _converter = converter ?? Microsoft.DurableTask.Converters.JsonDataConverter.Default;
        _loggerFactory = loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<EmbeddedDurableTaskWorker>();
        _cache = new HistoryCache(_options.HistoryCacheSize);
    }

    /// <summary>Initializes a new instance of the <see cref="EmbeddedDurableTaskWorker"/> class from dependency injection.</summary>
    /// <remarks>The constructor Microsoft.DurableTask's worker builder calls (<c>UseEmbeddedEngine</c>): name and factory come from it.</remarks>
    [ActivatorUtilitiesConstructor]
    public EmbeddedDurableTaskWorker(
        string name,
        IDurableTaskFactory factory,
        EmbeddedEngine engine,
        IServiceProvider services,
        Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.DurableTask.Worker.DurableTaskWorkerOptions> workerOptions,
        ILoggerFactory loggerFactory)
        : this(
            (engine ?? throw new ArgumentNullException(nameof(engine))).Store,
            factory,
            engine.Options.Worker,
            services,
            workerOptions?.Get(name).DataConverter,
            loggerFactory,
            name)
    {
        engine.Attach(this);
    }

    /// <summary>Raised after an instance's state changed (used by in-process clients to wake waiters).</summary>
    internal event Action<string>? InstanceChanged;

    /// <summary>Gets the number of orchestration episodes processed since start.</summary>
    public long EpisodesProcessed => Interlocked.Read(ref _episodes);

    /// <summary>Gets the number of activity executions finished since start.</summary>
    public long ActivitiesProcessed => Interlocked.Read(ref _activityCount);

    long _episodes;
    long _activityCount;

    /// <summary>Loads pending work and starts processing.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        if (_options.LockFilePath is { } lockPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockPath))!);
            try
            {
                _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex)
            {
                throw new InvalidOperationException(
                    "Another worker process is already using this data folder; stop it or choose another data folder (MV_DATA_DIR).", ex);
            }
        }

        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var pending = await _store.LoadPendingWorkAsync(cancellationToken).ConfigureAwait(false);
        _lastForeignMessageId = pending.LastMessageId;
        foreach (var message in pending.Messages)
        {
            this.Deliver(message);
        }

        foreach (var item in pending.WorkItems)
        {
            _activities.Writer.TryWrite(item);
        }

        if (pending.Messages.Count + pending.WorkItems.Count > 0)
        {
            Log.Recovered(_logger, pending.Messages.Count, pending.WorkItems.Count);
        }

        var abort = _abortWork.Token;
        for (int i = 0; i < _options.MaxConcurrentOrchestrations; i++)
        {
            _workLoops.Add(Task.Run(() => this.EpisodeLoopAsync(abort), CancellationToken.None));
        }

        for (int i = 0; i < _options.MaxConcurrentActivities; i++)
        {
            _workLoops.Add(Task.Run(() => this.ActivityLoopAsync(abort), CancellationToken.None));
        }

        var stopping = _stopping.Token;
        _backgroundLoops.Add(Task.Run(() => this.TimerLoopAsync(stopping), CancellationToken.None));
        _backgroundLoops.Add(Task.Run(() => this.ForeignMessageLoopAsync(stopping), CancellationToken.None));
    }

    /// <summary>Stops processing; running activities get the grace period, then are left for redelivery.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_started == 0 || _stopping.IsCancellationRequested)
        {
            return;
        }

        // New work stops at once; running episodes finish and running activities get the grace period.
        await _stopping.CancelAsync().ConfigureAwait(false);
        _timerSignal.Release();
        _ready.Writer.TryComplete();
        _activities.Writer.TryComplete();
        var work = Task.WhenAll(_workLoops);
        await Task.WhenAny(work, Task.Delay(_options.ShutdownGracePeriod, cancellationToken)).ConfigureAwait(false);
        await _abortWork.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(work, Task.WhenAll(_backgroundLoops)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException || _abortWork.IsCancellationRequested)
        {
            // Aborted work stays in the store and runs again on the next start.
        }
        finally
        {
            _lock?.Dispose();
            _lock = null;
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await this.StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _abortWork.Dispose();
        _timerSignal.Dispose();
    }

    /// <summary>Accepts a stored message: queues its instance, or holds it until its visible time.</summary>
    internal void Deliver(OrchestrationMessage message)
    {
        if (message.VisibleAt > DateTime.UtcNow)
        {
            lock (_timers)
            {
                _timers.Enqueue(message, message.VisibleAt);
            }

            _timerSignal.Release();
            return;
        }

        lock (_slots)
        {
            if (!_slots.TryGetValue(message.InstanceId, out var slot))
            {
                _slots[message.InstanceId] = slot = new InstanceSlot();
            }

            slot.Pending.Add(message);
            if (!slot.Busy && !slot.Queued)
            {
                slot.Queued = true;
                _ready.Writer.TryWrite(message.InstanceId);
            }
        }
    }

    internal void Forget(string instanceId) => _cache.Remove(instanceId);

    async Task EpisodeLoopAsync(CancellationToken token)
    {
        var reader = _ready.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (reader.TryRead(out string? instanceId))
            {
                List<OrchestrationMessage> batch;
                InstanceSlot slot;
                lock (_slots)
                {
                    slot = _slots[instanceId];
                    slot.Queued = false;
                    slot.Busy = true;
                    batch = slot.Parked.Count == 0 ? slot.Pending : [.. slot.Parked, .. slot.Pending];
                    batch.Sort(static (a, b) => a.Id.CompareTo(b.Id));
                    slot.Pending = [];
                    slot.Parked = [];
                }

                List<OrchestrationMessage> parked = [];
                try
                {
                    parked = await this.ProcessEpisodeAsync(instanceId, batch).ConfigureAwait(false);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    // The store rejected the episode; nothing was committed, so the same messages are tried again later.
                    this.LogStoreError(ex, instanceId);
                    _cache.Remove(instanceId);
                    _ = this.RedeliverLaterAsync(batch, token);
                }

                lock (_slots)
                {
                    slot.Busy = false;
                    slot.Parked.AddRange(parked);
                    if (slot.Pending.Count > 0)
                    {
                        slot.Queued = true;
                        _ready.Writer.TryWrite(instanceId);
                    }
                    else if (slot.Parked.Count == 0)
                    {
                        _slots.Remove(instanceId);
                    }
                }
            }
        }
    }

    async Task RedeliverLaterAsync(List<OrchestrationMessage> batch, CancellationToken token)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
        foreach (var message in batch)
        {
            this.Deliver(message);
        }
    }

    async Task ActivityLoopAsync(CancellationToken token)
    {
        var reader = _activities.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (_stopping.IsCancellationRequested)
                {
                    // Left in the store; the next start runs it.
                    return;
                }

                await this.RunActivityAsync(item, token).ConfigureAwait(false);
            }
        }
    }

    async Task RunActivityAsync(ActivityWorkItem item, CancellationToken token)
    {
        long start = Stopwatch.GetTimestamp();
        using var span = DurableTelemetry.Source.StartActivity("activity " + item.Name);
        span?.SetTag("durable.instance_id", item.InstanceId);
        HistoryEvent result;
        try
        {
            await using var scope = _services.CreateAsyncScope();
            if (!this.Factory.TryCreateActivity(new TaskName(item.Name), scope.ServiceProvider, out var activity))
            {
                throw new InvalidOperationException($"No activity named '{item.Name}' is registered with the worker.");
            }

            object? input;
            try
            {
                input = _converter.Deserialize(item.Input, activity.InputType);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
            {
                throw new ArgumentException(FailureText.UnreadableInput($"activity '{item.Name}'", ex));
            }

            var context = new WorkerActivityContext(new TaskName(item.Name), item.InstanceId);
            object? output = await activity.RunAsync(context, input).ConfigureAwait(false);
            result = new HistoryEvent
            {
                EventType = HistoryEventType.TaskCompleted,
                TaskScheduledId = item.TaskId,
                Timestamp = DateTime.UtcNow,
                Result = _converter.Serialize(output),
            };
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // Shutting down (the host's stopping token reached the activity, or the grace period ended): leave the
            // work item in the store so the next start runs it again.
            return;
        }
        catch (Exception ex)
        {
            DurableTelemetry.Failures.Add(1);
            Log.ActivityFailed(_logger, item.Name, item.InstanceId, ex.Message);
            result = new HistoryEvent
            {
                EventType = HistoryEventType.TaskFailed,
                TaskScheduledId = item.TaskId,
                Timestamp = DateTime.UtcNow,
                FailureDetails = FailureText.FromException(ex),
            };
        }

        DurableTelemetry.ActivityDuration.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        DurableTelemetry.Activities.Add(1);
        Interlocked.Increment(ref _activityCount);
        while (true)
        {
            try
            {
                var stored = await _store.CompleteWorkItemAsync(
                    item.Id, new OrchestrationMessage(0, item.InstanceId, item.ExecutionId, DateTime.UtcNow, result), CancellationToken.None).ConfigureAwait(false);
                if (stored is not null)
                {
                    this.Deliver(stored);
                }

                return;
            }
            catch (Exception ex) when (!token.IsCancellationRequested && ex is not ObjectDisposedException)
            {
                this.LogStoreError(ex, item.InstanceId);
                await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
            }
        }
    }

    async Task TimerLoopAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            var due = new List<OrchestrationMessage>();
            TimeSpan wait = Timeout.InfiniteTimeSpan;
            lock (_timers)
            {
                var now = DateTime.UtcNow;
                while (_timers.TryPeek(out var message, out var at))
                {
                    if (at > now)
                    {
                        wait = at - now;
                        break;
                    }

                    due.Add(_timers.Dequeue());
                }
            }

            foreach (var message in due)
            {
                this.Deliver(message with { VisibleAt = DateTime.MinValue });
            }

            if (due.Count > 0)
            {
                continue;
            }

            try
            {
                // Cap the wait so that clock jumps cannot delay a timer for long.
                var cap = TimeSpan.FromSeconds(30);
                await _timerSignal.WaitAsync(wait == Timeout.InfiniteTimeSpan || wait > cap ? cap : wait + TimeSpan.FromMilliseconds(1), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    async Task ForeignMessageLoopAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(_options.ForeignMessagePollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                try
                {
                    var messages = await _store.ReadForeignMessagesAsync(_lastForeignMessageId, token).ConfigureAwait(false);
                    foreach (var message in messages)
                    {
                        _lastForeignMessageId = Math.Max(_lastForeignMessageId, message.Id);
                        this.Deliver(message);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    this.LogStoreError(ex, "(poll)");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    void NotifyChanged(string instanceId)
    {
        if (this.InstanceChanged is not { } handlers)
        {
            return;
        }

        // One faulty subscriber must not affect the others or the worker.
        foreach (var handler in handlers.GetInvocationList().Cast<Action<string>>())
        {
            try
            {
                handler(instanceId);
            }
            catch (Exception ex)
            {
                Log.SubscriberFailed(_logger, ex.GetType().Name, ex.Message);
            }
        }
    }

    /// <summary>Default logs carry the message only; the stack trace is logged at Debug level.</summary>
    void LogStoreError(Exception exception, string instanceId)
    {
        Log.EpisodeError(_logger, instanceId, exception.GetType().Name, exception.Message);
        Log.EpisodeErrorDetail(_logger, exception, instanceId);
    }

    sealed class InstanceSlot
    {
        public List<OrchestrationMessage> Pending { get; set; } = [];

        public List<OrchestrationMessage> Parked { get; set; } = [];

        public bool Busy { get; set; }

        public bool Queued { get; set; }
    }

    static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Recovered {Messages} pending messages and {WorkItems} activity work items from the store.")]
        public static partial void Recovered(ILogger logger, int messages, int workItems);

        [LoggerMessage(2, LogLevel.Error, "Processing instance {InstanceId} failed ({ErrorType}: {Message}); it will be retried.")]
        public static partial void EpisodeError(ILogger logger, string instanceId, string errorType, string message);

        [LoggerMessage(7, LogLevel.Warning, "An instance-change subscriber failed ({ErrorType}: {Message}).")]
        public static partial void SubscriberFailed(ILogger logger, string errorType, string message);

        [LoggerMessage(6, LogLevel.Debug, "Details of the failure of instance {InstanceId}.")]
        public static partial void EpisodeErrorDetail(ILogger logger, Exception exception, string instanceId);

        [LoggerMessage(3, LogLevel.Warning, "Activity {Name} of instance {InstanceId} failed: {Message}")]
        public static partial void ActivityFailed(ILogger logger, string name, string instanceId, string message);

        [LoggerMessage(4, LogLevel.Information, "Instance {InstanceId} ({Name}) is {Status}.")]
        public static partial void InstanceFinished(ILogger logger, string instanceId, string name, OrchestrationRuntimeStatus status);

        [LoggerMessage(5, LogLevel.Information, "Instance {InstanceId} was rewound; {Count} calls run again.")]
        public static partial void Rewound(ILogger logger, string instanceId, int count);
    }
}
