using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MusicVideo.Durable.History;
using MusicVideo.Durable.Storage;
using CoreHistoryEvent = DurableTask.Core.History.HistoryEvent;

namespace MusicVideo.Durable;

/// <summary>The embedded engine's <see cref="DurableTaskClient"/>: talks to the store directly and wakes the local worker, if any.</summary>
/// <remarks>
/// Errors follow Microsoft's clients: an unknown instance is an <see cref="ArgumentException"/>
/// (<see cref="InstanceNotFoundException"/>), an operation the instance's state does not allow an
/// <see cref="InvalidOperationException"/> (<see cref="InstanceStateException"/>, <see cref="OrchestrationAlreadyExistsException"/>).
/// Entities are not supported.
/// </remarks>
public sealed class LocalDurableTaskClient : DurableTaskClient
{
    readonly OrchestrationStore _store;
    readonly EmbeddedEngine? _engine;
    readonly EmbeddedDurableTaskWorker? _worker;
    readonly DataConverter _converter;

    /// <summary>Initializes a new instance of the <see cref="LocalDurableTaskClient"/> class over a store.</summary>
    /// <param name="store">The store the instances live in.</param>
    /// <param name="worker">The worker of this process, woken on changes; null for a client-only process (e.g. the CLI).</param>
    /// <param name="converter">The converter for inputs and events (default: Microsoft's JSON converter).</param>
    /// <param name="name">The client's name.</param>
    public LocalDurableTaskClient(OrchestrationStore store, EmbeddedDurableTaskWorker? worker = null, DataConverter? converter = null, string? name = null)
        : base(name ?? Options.DefaultName)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _worker = worker;
        _converter = converter ?? Microsoft.DurableTask.Converters.JsonDataConverter.Default;
    }

    /// <summary>Initializes a new instance of the <see cref="LocalDurableTaskClient"/> class from dependency injection.</summary>
    /// <remarks>The constructor Microsoft.DurableTask's client builder calls (<c>UseEmbeddedEngine</c>).</remarks>
    [ActivatorUtilitiesConstructor]
    public LocalDurableTaskClient(string name, EmbeddedEngine engine, IOptionsMonitor<DurableTaskClientOptions> options)
        : base(name)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _store = engine.Store;
        _converter = options?.Get(name).DataConverter ?? Microsoft.DurableTask.Converters.JsonDataConverter.Default;
    }

    EmbeddedDurableTaskWorker? Worker => _worker ?? _engine?.Worker;

    /// <inheritdoc />
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        if (options is { InstanceId: { } id, DedupeStatuses: { Count: > 0 } dedupe } &&
            await _store.GetInstanceAsync(id, cancellation).ConfigureAwait(false) is { } existing &&
            dedupe.Contains(existing.Status.ToString(), StringComparer.OrdinalIgnoreCase))
        {
            throw new OrchestrationAlreadyExistsException(id, existing.Status);
        }

        return await this.ScheduleSerializedAsync(orchestratorName.Name, _converter.Serialize(input), options, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var row = await _store.GetInstanceAsync(instanceId, cancellation).ConfigureAwait(false);
        return row is null ? null : this.ToMetadata(row, getInputsAndOutputs);
    }

    /// <inheritdoc />
    /// <remarks>Newest first; the continuation token is opaque.</remarks>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var query = filter ?? new OrchestrationQuery();
        return Pageable.Create(async (string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            var page = await _store.QueryInstancesAsync(
                query with { ContinuationToken = continuation ?? query.ContinuationToken, PageSize = pageSize ?? query.PageSize },
                cancellation).ConfigureAwait(false);
            return new Page<OrchestrationMetadata>(
                page.Instances.Select(r => this.ToMetadata(r, query.FetchInputsAndOutputs)).ToList(), page.ContinuationToken);
        });
    }

    /// <inheritdoc />
    public override async Task<IList<CoreHistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        _ = await _store.GetInstanceAsync(instanceId, cancellation).ConfigureAwait(false) ?? throw new InstanceNotFoundException(instanceId);
        var history = await _store.GetHistoryAsync(instanceId, cancellation).ConfigureAwait(false);
        return HistoryConversion.ToCore(history);
    }

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => this.WaitAsync(instanceId, getInputsAndOutputs, static s => s != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => this.WaitAsync(instanceId, getInputsAndOutputs, static s => s.IsTerminal(), cancellation);

    /// <inheritdoc />
    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await this.RequireActiveAsync(instanceId, "raise an event on", cancellation).ConfigureAwait(false);
        await this.SendAsync(instanceId, new HistoryEvent
        {
            EventType = HistoryEventType.EventRaised,
            Name = eventName,
            Input = _converter.Serialize(eventPayload),
            Timestamp = DateTime.UtcNow,
        }, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>With <see cref="TerminateInstanceOptions.Recursive"/> the running sub-orchestrations are terminated too, in the engine's commit of the termination.</remarks>
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        await this.RequireActiveAsync(instanceId, "terminate", cancellation).ConfigureAwait(false);
        await this.SendAsync(instanceId, new HistoryEvent
        {
            EventType = HistoryEventType.ExecutionTerminated,
            Input = _converter.Serialize(options?.Output),
            Recursive = options?.Recursive == true,
            Timestamp = DateTime.UtcNow,
        }, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await this.RequireActiveAsync(instanceId, "suspend", cancellation).ConfigureAwait(false);
        await this.SendAsync(instanceId, new HistoryEvent
        {
            EventType = HistoryEventType.ExecutionSuspended,
            Reason = reason,
            Timestamp = DateTime.UtcNow,
        }, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await this.RequireActiveAsync(instanceId, "resume", cancellation).ConfigureAwait(false);
        await this.SendAsync(instanceId, new HistoryEvent
        {
            EventType = HistoryEventType.ExecutionResumed,
            Reason = reason,
            Timestamp = DateTime.UtcNow,
        }, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task RewindInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        var row = await _store.GetInstanceAsync(instanceId, cancellation).ConfigureAwait(false) ?? throw new InstanceNotFoundException(instanceId);
        if (row.Status != OrchestrationRuntimeStatus.Failed)
        {
            throw new InstanceStateException(instanceId, row.Status, "rewind (only Failed instances can be rewound)");
        }

        await this.SendAsync(instanceId, new HistoryEvent
        {
            EventType = HistoryEventType.ExecutionRewound,
            Reason = reason,
            Timestamp = DateTime.UtcNow,
        }, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        var row = await _store.GetInstanceAsync(instanceId, cancellation).ConfigureAwait(false) ?? throw new InstanceNotFoundException(instanceId);
        if (restartWithNewInstanceId)
        {
            return await this.ScheduleSerializedAsync(row.Name, row.Input, null, cancellation).ConfigureAwait(false);
        }

        if (!row.Status.IsTerminal())
        {
            await this.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions("Restarted", Recursive: true), cancellation).ConfigureAwait(false);
            await this.WaitForInstanceCompletionAsync(instanceId, cancellation: cancellation).ConfigureAwait(false);
        }

        return await this.ScheduleSerializedAsync(row.Name, row.Input, new StartOrchestrationOptions(instanceId), cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Only terminal instances are purged. With <see cref="PurgeInstanceOptions.Recursive"/> their sub-orchestrations (terminal ones, at any depth) go too.</remarks>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        int count = 0;
        if (options?.Recursive == true && await _store.GetInstanceAsync(instanceId, cancellation).ConfigureAwait(false) is { } row && row.Status.IsTerminal())
        {
            foreach (string child in await _store.GetChildInstanceIdsAsync(instanceId, cancellation).ConfigureAwait(false))
            {
                count += (await this.PurgeInstanceAsync(child, options, cancellation).ConfigureAwait(false)).PurgedInstanceCount;
            }
        }

        count += await _store.PurgeInstanceAsync(instanceId, cancellation).ConfigureAwait(false);
        this.Worker?.Forget(instanceId);
        return new PurgeResult(count);
    }

    /// <inheritdoc />
    /// <remarks>With <see cref="PurgeInstanceOptions.Recursive"/> the matching instances' sub-orchestrations go too, whatever their creation time.</remarks>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (options?.Recursive != true)
        {
            return await _store.PurgeInstancesAsync(filter, cancellation).ConfigureAwait(false);
        }

        int count = 0;
        var query = new OrchestrationQuery(filter.CreatedFrom, filter.CreatedTo, filter.Statuses ?? TerminalStatuses, PageSize: 500);
        var ids = new List<string>();
        await foreach (var instance in this.GetAllInstancesAsync(query).WithCancellation(cancellation).ConfigureAwait(false))
        {
            ids.Add(instance.InstanceId);
        }

        foreach (string id in ids)
        {
            count += (await this.PurgeInstanceAsync(id, options, cancellation).ConfigureAwait(false)).PurgedInstanceCount;
        }

        return new PurgeResult(count, isComplete: true);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static readonly OrchestrationRuntimeStatus[] TerminalStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    /// <summary>Validates an instance id supplied by a caller; returns an error message or null.</summary>
    public static string? ValidateInstanceId(string? instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId))
        {
            return "The instance id must not be empty.";
        }

        if (instanceId.Length > 256)
        {
            return "The instance id must be at most 256 characters.";
        }

        return instanceId.Any(c => char.IsControl(c) || c is '/' or '\\' or '?' or '#')
            ? "The instance id must not contain control characters, '/', '\\', '?' or '#'."
            : null;
    }

    async Task<string> ScheduleSerializedAsync(string orchestratorName, string? input, StartOrchestrationOptions? options, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        if (ValidateInstanceId(instanceId) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var now = DateTime.UtcNow;
        string executionId = Guid.NewGuid().ToString("N");
        var row = new OrchestrationInstanceRecord
        {
            InstanceId = instanceId,
            Name = orchestratorName,
            ExecutionId = executionId,
            Status = OrchestrationRuntimeStatus.Pending,
            Input = input,
            CreatedAt = now,
            LastUpdatedAt = now,
        };
        var start = new OrchestrationMessage(0, instanceId, executionId, options?.StartAt?.UtcDateTime ?? now, new HistoryEvent
        {
            EventType = HistoryEventType.ExecutionStarted,
            Name = orchestratorName,
            Input = input,
            ExecutionId = executionId,
            Timestamp = now,
        });
        var stored = await _store.CreateInstanceAsync(row, start, cancellation).ConfigureAwait(false);
        if (this.Worker is { } worker)
        {
            worker.Forget(instanceId);
            worker.Deliver(stored);
        }

        return instanceId;
    }

    async Task RequireActiveAsync(string instanceId, string operation, CancellationToken cancellation)
    {
        var row = await _store.GetInstanceAsync(instanceId, cancellation).ConfigureAwait(false) ?? throw new InstanceNotFoundException(instanceId);
        if (row.Status.IsTerminal())
        {
            throw new InstanceStateException(instanceId, row.Status, operation);
        }
    }

    async Task SendAsync(string instanceId, HistoryEvent e, CancellationToken cancellation)
    {
        var stored = await _store.SendMessageAsync(new OrchestrationMessage(0, instanceId, null, DateTime.UtcNow, e), cancellation).ConfigureAwait(false);
        this.Worker?.Deliver(stored);
    }

    async Task<OrchestrationMetadata> WaitAsync(
        string instanceId, bool getInputsAndOutputs, Func<OrchestrationRuntimeStatus, bool> done, CancellationToken cancellation)
    {
        // Not disposed: the worker may still signal it after this method unsubscribed (SemaphoreSlim needs no disposal
        // unless its wait handle is used).
        var signal = new SemaphoreSlim(0);
        void OnChanged(string id)
        {
            if (id == instanceId)
            {
                signal.Release();
            }
        }

        var worker = this.Worker;
        if (worker is not null)
        {
            worker.InstanceChanged += OnChanged;
        }

        try
        {
            var delay = TimeSpan.FromMilliseconds(20);
            while (true)
            {
                var metadata = await this.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false)
                    ?? throw new InstanceNotFoundException(instanceId);
                if (done(metadata.RuntimeStatus))
                {
                    return metadata;
                }

                // Woken by the local worker; the poll is a fallback for workers in other processes.
                await signal.WaitAsync(delay, cancellation).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
            }
        }
        finally
        {
            if (worker is not null)
            {
                worker.InstanceChanged -= OnChanged;
            }
        }
    }

    OrchestrationMetadata ToMetadata(OrchestrationInstanceRecord row, bool withPayloads) => new(row.Name, row.InstanceId)
    {
        RuntimeStatus = row.Status,
        CreatedAt = new DateTimeOffset(row.CreatedAt, TimeSpan.Zero),
        LastUpdatedAt = new DateTimeOffset(row.LastUpdatedAt, TimeSpan.Zero),
        SerializedInput = withPayloads ? row.Input : null,
        SerializedOutput = withPayloads ? row.Output : null,
        SerializedCustomStatus = withPayloads ? row.CustomStatus : null,
        FailureDetails = withPayloads ? row.FailureDetails : null,
        DataConverter = _converter,
    };
}
