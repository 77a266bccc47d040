using DurableTask.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.DurableTask.Worker.Shims;

namespace MusicVideo.Durable.AzureStorage;

/// <summary>
/// Runs the registered Microsoft.DurableTask orchestrators and activities on a Durable Task Framework <see cref="TaskHubWorker"/>
/// over the Azure Storage provider, through Microsoft's public <see cref="DurableTaskShimFactory"/> (as Durable Functions hosts them).
/// </summary>
/// <remarks>
/// Several processes on one task hub share the work: each owns some control-queue partitions (leases) and takes activities
/// from the shared work-item queue; a dead process's partitions move to the others once its leases expire.
/// </remarks>
public sealed class AzureStorageDurableTaskWorker : Microsoft.DurableTask.Worker.Hosting.DurableTaskWorker
{
    readonly AzureStorageBackend _backend;
    readonly IServiceProvider _services;
    readonly DurableTaskShimFactory _shims;
    readonly ILoggerFactory _loggerFactory;
    readonly ILogger _logger;
    TaskHubWorker? _worker;

    /// <summary>Initializes a new instance of the <see cref="AzureStorageDurableTaskWorker"/> class (called by Microsoft.DurableTask's worker builder).</summary>
    [ActivatorUtilitiesConstructor]
    public AzureStorageDurableTaskWorker(
        string name,
        IDurableTaskFactory factory,
        AzureStorageBackend backend,
        IServiceProvider services,
        IOptionsMonitor<DurableTaskWorkerOptions> workerOptions,
        ILoggerFactory loggerFactory)
        : base(name, factory)
    {
        ArgumentNullException.ThrowIfNull(workerOptions);
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        _logger = loggerFactory.CreateLogger<AzureStorageDurableTaskWorker>();
        _shims = new DurableTaskShimFactory(workerOptions.Get(name), loggerFactory);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _backend.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
        var worker = new TaskHubWorker(
            _backend.Service,
            new ShimOrchestrationManager(this.Factory, _services, _shims),
            new ShimActivityManager(this.Factory, _services, _shims),
            _loggerFactory)
        {
            // Microsoft.DurableTask reads failures as FailureDetails (TaskFailureDetails.IsCausedBy), as under Durable Functions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        // History keeps the inputs of scheduled calls, as on the embedded engine (DTFx leaves them out by default). The dispatcher
        // exists only once the worker starts, so the first work item sets it, before any decision is recorded.
        worker.AddOrchestrationDispatcherMiddleware(async (_, next) =>
        {
            if (worker.TaskOrchestrationDispatcher is { IncludeParameters: false } dispatcher)
            {
                dispatcher.IncludeParameters = true;
            }

            await next().ConfigureAwait(false);
        });
        await worker.StartAsync().ConfigureAwait(false);
        _worker = worker;
        _logger.LogInformation(
            "Durable worker {WorkerId} started on task hub {TaskHub} ({Partitions} partitions).",
            _backend.Options.WorkerId, _backend.Options.TaskHubName, _backend.Options.PartitionCount);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host is stopping; StopAsync stops the dispatchers.
        }
    }

    /// <inheritdoc />
    /// <remarks>Stops taking work and releases the partition leases so another process takes them at once; in-flight work is abandoned to its queue when the host's shutdown time runs out.</remarks>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_worker is { } worker)
        {
            var stop = worker.StopAsync(isForced: false);
            await Task.WhenAny(stop, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
            if (!stop.IsCompleted)
            {
                await worker.StopAsync(isForced: true).ConfigureAwait(false);
            }
        }
    }
}
