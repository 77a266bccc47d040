using MusicVideo.Durable.History;
using MusicVideo.Durable.Storage;

namespace MusicVideo.Durable;

/// <summary>The in-process client: talks to the store directly and wakes the local worker, if any.</summary>
public sealed class LocalDurableTaskClient : DurableTaskClient
{
    readonly OrchestrationStore _store;
    readonly DurableTaskWorker? _worker;
    readonly DataConverter _converter;

    /// <summary>Initializes a new instance of the <see cref="LocalDurableTaskClient"/> class.</summary>
    /// <param name="store">The store the instances live in.</param>
    /// <param name="worker">The worker of this process, woken on changes; null for a client-only process (e.g. the CLI).</param>
    /// <param name="converter">The converter for inputs and events.</param>
    public LocalDurableTaskClient(OrchestrationStore store, DurableTaskWorker? worker = null, DataConverter? converter = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _worker = worker;
        _converter = converter ?? JsonDataConverter.Default;
    }

    /// <inheritdoc />
    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
        => this.ScheduleSerializedAsync(orchestratorName, _converter.Serialize(input), options, cancellation);

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstanceAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var row = await _store.GetInstanceAsync(instanceId, cancellation).ConfigureAwait(false);
        return row is null ? null : this.ToMetadata(row, getInputsAndOutputs);
    }

    /// <inheritdoc />
    public override async Task<OrchestrationQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await _store.QueryInstancesAsync(query, cancellation).ConfigureAwait(false);
        return new OrchestrationQueryPage(page.Instances.Select(r => this.ToMetadata(r, query.FetchInputsAndOutputs)).ToList(), page.ContinuationToken);
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
        => _store.GetHistoryAsync(instanceId, cancellation);

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
    public override async Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await this.RequireActiveAsync(instanceId, "terminate", cancellation).ConfigureAwait(false);
        await this.SendAsync(instanceId, new HistoryEvent
        {
            EventType = HistoryEventType.ExecutionTerminated,
            Input = _converter.Serialize(reason),
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
            await this.TerminateInstanceAsync(instanceId, "Restarted", cancellation).ConfigureAwait(false);
            await this.WaitForInstanceCompletionAsync(instanceId, cancellation: cancellation).ConfigureAwait(false);
        }

        return await this.ScheduleSerializedAsync(row.Name, row.Input, new StartOrchestrationOptions(instanceId), cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default)
    {
        int count = await _store.PurgeInstanceAsync(instanceId, cancellation).ConfigureAwait(false);
        _worker?.Forget(instanceId);
        return new PurgeResult(count);
    }

    /// <inheritdoc />
    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default)
        => _store.PurgeInstancesAsync(filter, cancellation);

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
        if (_worker is not null)
        {
            _worker.Forget(instanceId);
            _worker.Deliver(stored);
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
        _worker?.Deliver(stored);
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

        if (_worker is not null)
        {
            _worker.InstanceChanged += OnChanged;
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
            if (_worker is not null)
            {
                _worker.InstanceChanged -= OnChanged;
            }
        }
    }

    OrchestrationMetadata ToMetadata(OrchestrationInstanceRecord row, bool withPayloads) => new()
    {
        Name = row.Name,
        InstanceId = row.InstanceId,
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
