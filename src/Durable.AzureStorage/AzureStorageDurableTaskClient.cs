using System.Globalization;
using System.Text;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Core = DurableTask.Core;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using CoreHistoryEvent = DurableTask.Core.History.HistoryEvent;

namespace MusicVideo.Durable.AzureStorage;

/// <summary>
/// Microsoft.DurableTask's <see cref="DurableTaskClient"/> over the Durable Task Framework's Azure Storage provider
/// (its service client), for any process on the task hub, with or without a worker.
/// </summary>
/// <remarks>
/// Modelled on Microsoft's <c>ShimDurableTaskClient</c>, plus what the embedded engine's client does and the shim leaves out:
/// recursive terminate and purge (children found in the parent's history), rewind, state checks that name the instance
/// (an unknown instance is an <see cref="ArgumentException"/>, a state that does not allow the operation an
/// <see cref="InvalidOperationException"/>), failure details read back from history, and queries newest first.
/// Entities are not supported.
/// </remarks>
public sealed class AzureStorageDurableTaskClient : DurableTaskClient
{
    static readonly OrchestrationRuntimeStatus[] TerminalStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    readonly AzureStorageBackend _backend;
    readonly DataConverter _converter;

    /// <summary>Initializes a new instance of the <see cref="AzureStorageDurableTaskClient"/> class over a backend.</summary>
    public AzureStorageDurableTaskClient(AzureStorageBackend backend, DataConverter? converter = null, string? name = null)
        : base(name ?? Options.DefaultName)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _converter = converter ?? Microsoft.DurableTask.Converters.JsonDataConverter.Default;
    }

    /// <summary>Initializes a new instance of the <see cref="AzureStorageDurableTaskClient"/> class (called by Microsoft.DurableTask's client builder).</summary>
    [ActivatorUtilitiesConstructor]
    public AzureStorageDurableTaskClient(string name, AzureStorageBackend backend, IOptionsMonitor<DurableTaskClientOptions> options)
        : this(backend, options?.Get(name).DataConverter, name)
    {
    }

    AzureStorageOrchestrationService Service => _backend.Service;

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="StartOrchestrationOptions.DedupeStatuses"/>: an existing instance in one of them makes this throw; a running
    /// instance whose status is not among them is terminated first and replaced (Microsoft's semantics).
    /// </remarks>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName.Name);
        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        Core.OrchestrationStatus[]? dedupe = options?.DedupeStatuses is { Count: > 0 } statuses
            ? statuses.Select(s => Enum.TryParse<OrchestrationRuntimeStatus>(s, ignoreCase: true, out var parsed)
                ? parsed.ToCore()
                : throw new ArgumentException($"'{s}' is not an orchestration status; dedupe statuses are names such as Running or Completed.", nameof(options))).ToArray()
            : null;

        if (options?.InstanceId is not null && await this.GetInstancesAsync(instanceId, cancellation: cancellation).ConfigureAwait(false) is { } existing)
        {
            if (dedupe?.Contains(existing.RuntimeStatus.ToCore()) == true)
            {
                throw new Core.Exceptions.OrchestrationAlreadyExistsException(
                    $"An orchestration with instance id '{instanceId}' already exists with status {existing.RuntimeStatus}.");
            }

            if (!existing.RuntimeStatus.IsTerminal())
            {
                await this.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions($"Replaced by a new instance with the id {instanceId}.", Recursive: true), cancellation).ConfigureAwait(false);
                await this.WaitForInstanceCompletionAsync(instanceId, cancellation: cancellation).ConfigureAwait(false);
            }
        }

        await this.CreateAsync(orchestratorName.Name, instanceId, _converter.Serialize(input), options?.StartAt, options?.Tags, dedupe).ConfigureAwait(false);
        return instanceId;
    }

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var states = await this.Service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs).ConfigureAwait(false);
        if (states is not { Count: > 0 } || states[0] is not { } state)
        {
            return null;
        }

        var metadata = this.ToMetadata(state, getInputsAndOutputs);
        if (getInputsAndOutputs && metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed)
        {
            // The instance table keeps only "Type: message" of a failure; its ExecutionCompleted event has the details.
            var completed = (await this.GetOrchestrationHistoryAsync(instanceId, cancellation).ConfigureAwait(false))
                .OfType<ExecutionCompletedEvent>().LastOrDefault();
            metadata = new OrchestrationMetadata(metadata.Name, metadata.InstanceId)
            {
                RuntimeStatus = metadata.RuntimeStatus,
                CreatedAt = metadata.CreatedAt,
                LastUpdatedAt = metadata.LastUpdatedAt,
                SerializedInput = metadata.SerializedInput,
                SerializedOutput = completed?.FailureDetails is null ? metadata.SerializedOutput : null,
                SerializedCustomStatus = metadata.SerializedCustomStatus,
                FailureDetails = completed?.FailureDetails.FromCore() ?? new TaskFailureDetails("Failed", state.Output ?? "The orchestration failed.", null, null, null),
                DataConverter = _converter,
            };
        }

        return metadata;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Newest first, like the embedded engine. Azure Table storage returns instances in id order, so each page reads the
    /// matching rows (without payloads), sorts them by creation time and continues after the last one shown (the token).
    /// </remarks>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var query = filter ?? new OrchestrationQuery();
        return Pageable.Create(async (string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            var after = PageToken.Parse(continuation ?? query.ContinuationToken);
            int size = pageSize ?? query.PageSize;
            var all = await this.ScanAsync(query.Statuses, query.CreatedFrom, query.CreatedTo, query.InstanceIdPrefix, cancellation).ConfigureAwait(false);
            var ordered = all
                .OrderByDescending(s => s.CreatedAt).ThenBy(s => s.InstanceId, StringComparer.Ordinal)
                .Where(s => after is null || PageToken.IsAfter(s, after.Value))
                .Take(size + 1)
                .ToList();
            var page = ordered.Take(size).ToList();
            if (query.FetchInputsAndOutputs)
            {
                var full = new List<OrchestrationMetadata>(page.Count);
                foreach (var m in page)
                {
                    full.Add(await this.GetInstancesAsync(m.InstanceId, getInputsAndOutputs: true, cancellation).ConfigureAwait(false) ?? m);
                }

                page = full;
            }

            string? next = ordered.Count > size ? PageToken.Create(page[^1]) : null;
            return new Page<OrchestrationMetadata>(page, next);
        });
    }

    /// <inheritdoc />
    public override async Task<IList<CoreHistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        _ = await this.RequireAsync(instanceId, cancellation).ConfigureAwait(false);
        string json = await this.Service.GetOrchestrationHistoryAsync(instanceId, null).ConfigureAwait(false);
        return HistoryJson.Parse(json);
    }

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => this.WaitAsync(instanceId, getInputsAndOutputs, static s => s != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => this.WaitAsync(instanceId, getInputsAndOutputs, static s => s.IsTerminal(), cancellation);

    /// <inheritdoc />
    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await this.RequireActiveAsync(instanceId, "raise an event on", cancellation).ConfigureAwait(false);
        await this.SendAsync(instanceId, new EventRaisedEvent(-1, _converter.Serialize(eventPayload)) { Name = eventName }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>With <see cref="TerminateInstanceOptions.Recursive"/> the running sub-orchestrations (found in the history, at any depth) are terminated too.</remarks>
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        await this.RequireActiveAsync(instanceId, "terminate", cancellation).ConfigureAwait(false);
        string? reason = _converter.Serialize(options?.Output);
        await this.Service.ForceTerminateTaskOrchestrationAsync(instanceId, reason).ConfigureAwait(false);
        if (options?.Recursive == true)
        {
            foreach (string child in await this.ChildrenAsync(instanceId, cancellation).ConfigureAwait(false))
            {
                if (await this.GetInstancesAsync(child, cancellation: cancellation).ConfigureAwait(false) is { } m && !m.RuntimeStatus.IsTerminal())
                {
                    await this.TerminateInstanceAsync(child, options, cancellation).ConfigureAwait(false);
                }
            }
        }
    }

    /// <inheritdoc />
    public override async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await this.RequireActiveAsync(instanceId, "suspend", cancellation).ConfigureAwait(false);
        await this.SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await this.RequireActiveAsync(instanceId, "resume", cancellation).ConfigureAwait(false);
        await this.SendAsync(instanceId, new ExecutionResumedEvent(-1, reason)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The embedded engine's rewind rule on the provider's tables (<see cref="AzureStorageRewinder"/>): final failures and what reacted
    /// to them re-run, failed sub-orchestrations are rewound recursively, every success is kept. The deepest rewound instances are
    /// woken with a generic event carrying the reason, as the provider's own rewind does.
    /// </remarks>
    public override async Task RewindInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        var metadata = await this.RequireAsync(instanceId, cancellation).ConfigureAwait(false);
        if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            throw new InvalidOperationException($"Cannot rewind instance '{instanceId}': it is {metadata.RuntimeStatus}; only Failed instances can be rewound.");
        }

        foreach (string leaf in await new AzureStorageRewinder(_backend).RewindAsync(instanceId, cancellation).ConfigureAwait(false))
        {
            await this.SendAsync(leaf, new GenericEvent(-1, reason ?? "Rewound")).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        var metadata = await this.GetInstancesAsync(instanceId, getInputsAndOutputs: true, cancellation).ConfigureAwait(false)
            ?? throw new ArgumentException($"No orchestration instance with id '{instanceId}' exists.", nameof(instanceId));
        string target = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        if (!restartWithNewInstanceId && !metadata.RuntimeStatus.IsTerminal())
        {
            await this.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions("Restarted", Recursive: true), cancellation).ConfigureAwait(false);
            await this.WaitForInstanceCompletionAsync(instanceId, cancellation: cancellation).ConfigureAwait(false);
        }

        await this.CreateAsync(metadata.Name, target, metadata.SerializedInput, null, null, null).ConfigureAwait(false);
        return target;
    }

    /// <inheritdoc />
    /// <remarks>Only terminal instances are purged (a running one is an <see cref="InvalidOperationException"/>). With <see cref="PurgeInstanceOptions.Recursive"/> their sub-orchestrations go too.</remarks>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var metadata = await this.GetInstancesAsync(instanceId, cancellation: cancellation).ConfigureAwait(false);
        if (metadata is null)
        {
            return new PurgeResult(0);
        }

        if (!metadata.RuntimeStatus.IsTerminal())
        {
            throw new InvalidOperationException($"Cannot purge instance '{instanceId}': it is {metadata.RuntimeStatus}; terminate it first (only finished instances are purged).");
        }

        int count = 0;
        if (options?.Recursive == true)
        {
            foreach (string child in await this.ChildrenAsync(instanceId, cancellation).ConfigureAwait(false))
            {
                if (await this.GetInstancesAsync(child, cancellation: cancellation).ConfigureAwait(false) is { } m && m.RuntimeStatus.IsTerminal())
                {
                    count += (await this.PurgeInstanceAsync(child, options, cancellation).ConfigureAwait(false)).PurgedInstanceCount;
                }
            }
        }

        var result = await ((IOrchestrationServicePurgeClient)this.Service).PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(count + result.DeletedInstanceCount);
    }

    /// <inheritdoc />
    /// <remarks>Terminal instances only (the given statuses, else Completed, Failed and Terminated); recursive as <see cref="PurgeInstanceAsync"/>.</remarks>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = (filter.Statuses ?? TerminalStatuses).Where(s => s.IsTerminal()).ToList();
        var matches = await this.ScanAsync(statuses, filter.CreatedFrom, filter.CreatedTo, null, cancellation).ConfigureAwait(false);
        int count = 0;
        foreach (var m in matches)
        {
            count += (await this.PurgeInstanceAsync(m.InstanceId, options, cancellation).ConfigureAwait(false)).PurgedInstanceCount;
        }

        return new PurgeResult(count, isComplete: true);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static void ValidateInstanceId(string instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > 256)
        {
            throw new ArgumentException("The instance id must be 1 to 256 characters.", nameof(instanceId));
        }

        // Azure Table keys cannot hold these characters.
        if (instanceId.Any(c => char.IsControl(c) || c is '/' or '\\' or '?' or '#'))
        {
            throw new ArgumentException("The instance id must not contain control characters, '/', '\\', '?' or '#'.", nameof(instanceId));
        }
    }

    async Task CreateAsync(string name, string instanceId, string? input, DateTimeOffset? startAt, IReadOnlyDictionary<string, string>? tags, Core.OrchestrationStatus[]? dedupe)
    {
        await _backend.EnsureCreatedAsync().ConfigureAwait(false);
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        var message = new TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new ExecutionStartedEvent(-1, input)
            {
                Name = name,
                Version = string.Empty,
                OrchestrationInstance = instance,
                ScheduledStartTime = startAt?.UtcDateTime,
                Tags = tags?.ToDictionary(p => p.Key, p => p.Value) ?? [],
            },
        };
        await this.Service.CreateTaskOrchestrationAsync(message, dedupe).ConfigureAwait(false);
    }

    async Task<List<OrchestrationMetadata>> ScanAsync(
        IEnumerable<OrchestrationRuntimeStatus>? statuses, DateTimeOffset? from, DateTimeOffset? to, string? prefix, CancellationToken cancellation)
    {
        var query = new Core.Query.OrchestrationQuery
        {
            RuntimeStatus = statuses?.Select(s => s.ToCore()).ToList() is { Count: > 0 } list ? list : null,
            CreatedTimeFrom = from?.UtcDateTime,
            CreatedTimeTo = to?.UtcDateTime,
            InstanceIdPrefix = string.IsNullOrEmpty(prefix) ? null : prefix,
            PageSize = 1000,
            FetchInputsAndOutputs = false,
        };
        var all = new List<OrchestrationMetadata>();
        do
        {
            var result = await this.Service.GetOrchestrationWithQueryAsync(query, cancellation).ConfigureAwait(false);
            all.AddRange(result.OrchestrationState.Select(s => this.ToMetadata(s, withPayloads: false)));
            query.ContinuationToken = result.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(query.ContinuationToken));
        return all;
    }

    async Task<List<string>> ChildrenAsync(string instanceId, CancellationToken cancellation)
        => (await this.GetOrchestrationHistoryAsync(instanceId, cancellation).ConfigureAwait(false))
            .OfType<SubOrchestrationInstanceCreatedEvent>()
            .Select(e => e.InstanceId)
            .Where(id => !string.IsNullOrEmpty(id))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    async Task<OrchestrationMetadata> RequireAsync(string instanceId, CancellationToken cancellation)
        => await this.GetInstancesAsync(instanceId, cancellation: cancellation).ConfigureAwait(false)
            ?? throw new ArgumentException($"No orchestration instance with id '{instanceId}' exists.", nameof(instanceId));

    async Task RequireActiveAsync(string instanceId, string operation, CancellationToken cancellation)
    {
        var metadata = await this.RequireAsync(instanceId, cancellation).ConfigureAwait(false);
        if (metadata.RuntimeStatus.IsTerminal())
        {
            throw new InvalidOperationException($"Cannot {operation} instance '{instanceId}': it is {metadata.RuntimeStatus}.");
        }
    }

    Task SendAsync(string instanceId, CoreHistoryEvent e)
        => this.Service.SendTaskOrchestrationMessageAsync(new TaskMessage { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId }, Event = e });

    async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationRuntimeStatus, bool> done, CancellationToken cancellation)
    {
        // The provider has no change feed: poll, quickly at first, then once a second (Microsoft's shim polls every second).
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var metadata = await this.GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation).ConfigureAwait(false)
                ?? throw new ArgumentException($"No orchestration instance with id '{instanceId}' exists.", nameof(instanceId));
            if (done(metadata.RuntimeStatus))
            {
                return getInputsAndOutputs ? await this.GetInstancesAsync(instanceId, true, cancellation).ConfigureAwait(false) ?? metadata : metadata;
            }

            await Task.Delay(delay, cancellation).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    OrchestrationMetadata ToMetadata(OrchestrationState state, bool withPayloads) => new(state.Name, state.OrchestrationInstance.InstanceId)
    {
        RuntimeStatus = state.OrchestrationStatus.FromCore(),
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
        SerializedInput = withPayloads ? state.Input : null,
        SerializedOutput = withPayloads ? state.Output : null,
        SerializedCustomStatus = withPayloads ? state.Status : null,
        FailureDetails = withPayloads ? state.FailureDetails.FromCore() : null,
        DataConverter = _converter,
    };

    /// <summary>The opaque continuation token of a newest-first page: the creation time and id of the last instance shown.</summary>
    static class PageToken
    {
        public static string Create(OrchestrationMetadata last)
            => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{last.InstanceId}"));

        public static (long Ticks, string InstanceId)? Parse(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            try
            {
                string text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                int bar = text.IndexOf('|', StringComparison.Ordinal);
                if (bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out long ticks))
                {
                    return (ticks, text[(bar + 1)..]);
                }
            }
            catch (FormatException)
            {
            }

            throw new ArgumentException("The continuation token is not one this server returned; start again without it.", nameof(token));
        }

        public static bool IsAfter(OrchestrationMetadata m, (long Ticks, string InstanceId) last)
            => m.CreatedAt.UtcTicks < last.Ticks || (m.CreatedAt.UtcTicks == last.Ticks && string.CompareOrdinal(m.InstanceId, last.InstanceId) > 0);
    }
}
