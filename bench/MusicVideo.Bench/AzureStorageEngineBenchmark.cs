using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MusicVideo.Durable.AzureStorage;
using MusicVideo.Tests.Shared.Storage;

namespace MusicVideo.Bench;

/// <summary>
/// The engine suite's 5-step workload on the azure-storage backend (DTFx's Azure Storage provider on Azurite), with one and
/// with two worker processes on one task hub.
/// </summary>
/// <remarks>
/// Each worker is a child process of the benchmark hosting the same <see cref="AzureStorageDurableTaskWorker"/> that
/// `musicvideo serve` hosts on this backend, with the server's default concurrency; the client schedules from this process.
/// Azurite runs on the same machine, so the figures include its CPU (reported next to the workers').
/// </remarks>
static class AzureStorageEngineBenchmark
{
    public const string Suite = "azure-storage-worker";
    const string ConnectionVariable = "MV_BENCH_AZURE_STORAGE_CONNECTION_STRING";
    const int Partitions = 4;
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    /// <summary>One measured run: the workload's wall time and the CPU the workers and Azurite used during it.</summary>
    public sealed record Run(int Workers, int Instances, double Seconds, double WorkerCpuSeconds, double AzuriteCpuSeconds)
    {
        public double OrchestrationsPerSecond => this.Instances / this.Seconds;
    }

    /// <summary>A child process: hosts the worker on the task hub named by the arguments until its standard input closes.</summary>
    public static async Task<int> RunWorkerChildAsync(string taskHub, string workerId, int steps)
    {
        var options = Options(Environment.GetEnvironmentVariable(ConnectionVariable)!, taskHub, workerId);
        var collection = new ServiceCollection().AddLogging();
        collection.AddDurableTaskWorker(b => b.AddTasks(r => EngineWorkload.Register(r, steps)).UseAzureStorage(options));
        await using var services = collection.BuildServiceProvider();
        var hosted = services.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var service in hosted)
        {
            await service.StopAsync(stop.Token);
        }

        return 0;
    }

    /// <summary>Runs the workload with one worker process, then with two, each on a fresh task hub on one Azurite.</summary>
    public static async Task<(Run One, Run Two)> RunAsync(int instances, int steps)
    {
        var azurite = await SharedAzurite.GetAsync();
        var one = await RunOnFreshHubAsync(azurite, workers: 1, instances, steps);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  azure-storage, 1 worker process: {one.OrchestrationsPerSecond:N1} orchestrations/s"));
        var two = await RunOnFreshHubAsync(azurite, workers: 2, instances, steps);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  azure-storage, 2 worker processes: {two.OrchestrationsPerSecond:N1} orchestrations/s"));
        return (one, two);
    }

    static async Task<Run> RunOnFreshHubAsync(Azurite azurite, int workers, int instances, int steps)
    {
        string hub = "bench" + Guid.NewGuid().ToString("N")[..12];
        var options = Options(azurite.AccountConnectionString, hub, "bench-client");
        var collection = new ServiceCollection().AddLogging();
        collection.AddDurableTaskClient(b => b.UseAzureStorage(options));
        await using var services = collection.BuildServiceProvider();
        var backend = services.GetRequiredService<AzureStorageBackend>();
        var client = services.GetRequiredService<DurableTaskClient>();
        await backend.EnsureCreatedAsync();
        var children = new List<Process>();
        try
        {
            for (int i = 0; i < workers; i++)
            {
                children.Add(await StartWorkerAsync(azurite.AccountConnectionString, hub, $"bench-worker-{i}", steps));
            }

            // Measure only once every worker holds its share of the partitions (a second worker takes them over lease renewals).
            await WaitForBalancedLeasesAsync(new TableClient(azurite.AccountConnectionString, hub + "Partitions"), workers);
            for (int i = 0; i < 4 * workers; i++)
            {
                await client.WaitForInstanceCompletionAsync(await client.ScheduleNewOrchestrationInstanceAsync(EngineWorkload.Sequence, 0), CancellationToken.None);
            }

            var ids = Enumerable.Range(0, instances).Select(i => $"seq-{i:D5}").ToArray();
            var cpu0 = Cpu(children);
            var azurite0 = Cpu(azurite.Pid);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select(id => client.ScheduleNewOrchestrationInstanceAsync(EngineWorkload.Sequence, 1, new StartOrchestrationOptions(id))));
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (await AnyActiveAsync(client))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The azure-storage workload ({instances} instances, {workers} workers) did not finish in 10 minutes.");
                }

                await Task.Delay(250);
            }

            double seconds = clock.Elapsed.TotalSeconds;
            var run = new Run(workers, instances, seconds, (Cpu(children) - cpu0).TotalSeconds, (Cpu(azurite.Pid) - azurite0).TotalSeconds);

            // Spot-check the results: every instance completed with the sum of its steps.
            foreach (string id in new[] { ids[0], ids[^1] })
            {
                var state = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
                if (state?.RuntimeStatus != OrchestrationRuntimeStatus.Completed || state.ReadOutputAs<int>() != steps * (steps - 1) / 2)
                {
                    throw new InvalidOperationException($"Instance {id} ended {state?.RuntimeStatus} with {state?.SerializedOutput} on azure-storage.");
                }
            }

            return run;
        }
        finally
        {
            foreach (var child in children)
            {
                await StopAsync(child);
            }

            await backend.DeleteTaskHubAsync();
        }
    }

    static AzureStorageBackendOptions Options(string connection, string hub, string workerId) => new()
    {
        ConnectionString = connection,
        TaskHubName = hub,
        PartitionCount = Partitions,
        WorkerId = workerId,
        MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
        LeaseInterval = Lease,
    };

    static async Task<Process> StartWorkerAsync(string connection, string hub, string workerId, int steps)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!Environment.ProcessPath!.EndsWith("MusicVideo.Bench", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(AzureStorageEngineBenchmark).Assembly.Location);
        }

        foreach (string arg in new[] { Suite, hub, workerId, steps.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[ConnectionVariable] = connection;
        var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        string? line = null;
        try
        {
            line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
        }

        if (line != "ready")
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            string error = await stderr;
            child.Dispose();
            throw new InvalidOperationException($"The azure-storage worker {workerId} did not start within 60 s: {line} {error}");
        }

        return child;
    }

    static async Task StopAsync(Process child)
    {
        try
        {
            child.StandardInput.Close();
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            child.Kill(entireProcessTree: true);
        }
        finally
        {
            child.Dispose();
        }
    }

    static async Task WaitForBalancedLeasesAsync(TableClient partitions, int workers)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var owners = new List<string>();
            await foreach (var row in partitions.QueryAsync<TableEntity>())
            {
                owners.Add(row.GetString("CurrentOwner") ?? string.Empty);
            }

            var shares = owners.Where(o => o.Length > 0).GroupBy(o => o).Select(g => g.Count()).ToList();
            if (shares.Sum() == Partitions && shares.Count == workers && shares.Max() - shares.Min() <= 1)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The {workers} azure-storage workers did not share the {Partitions} partitions within 2 minutes (owners: {string.Join(", ", owners)}).");
            }

            await Task.Delay(500);
        }
    }

    static async Task<bool> AnyActiveAsync(DurableTaskClient client)
    {
        var query = new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running], PageSize: 1);
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(pageSizeHint: 1))
        {
            return page.Values.Count > 0;
        }

        return false;
    }

    static TimeSpan Cpu(IEnumerable<Process> processes) => processes.Aggregate(TimeSpan.Zero, (sum, p) => sum + Cpu(p.Id));

    static TimeSpan Cpu(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }
}
