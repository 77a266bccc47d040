using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using MusicVideo.Durable;
using MusicVideo.Durable.Storage;

namespace MusicVideo.Bench;

/// <summary>Engine throughput, fan-out latency and status-read latency, side by side with the raw SQLite write rate.</summary>
static class EngineBenchmark
{
    const int StepsPerInstance = 5;
    const int FanOut = 1000;

    /// <summary>Runs the suite; <c>--instances N</c> (default 2,000) sizes the embedded and in-process runs, <c>--azure-instances N</c> (default 150) the azure-storage runs.</summary>
    public static async Task<BenchmarkResults> RunAsync(string[] args)
    {
        int instances = IntFlag(args, "--instances", 2000);
        int azureInstances = IntFlag(args, "--azure-instances", 150);
        var results = new BenchmarkResults("engine");
        string folder = Directory.CreateTempSubdirectory("mv-bench-engine-").FullName;
        try
        {
            var durability = SqliteDurability.Full;
            // The raw rate is taken before and after the engine run and averaged: the disk's fsync cost drifts.
            double rawBefore = RawTransactionsPerSecond(Path.Combine(folder, "raw1.db"), durability, TimeSpan.FromSeconds(2));

            var registry = EngineWorkload.Register(new DurableTaskRegistry(), StepsPerInstance);

            await using var store = new SqliteOrchestrationStore(new SqliteStoreOptions(Path.Combine(folder, "engine.db"), durability));
            await using var worker = new EmbeddedDurableTaskWorker(store, new RegistryTaskFactory(registry));
            var client = new LocalDurableTaskClient(store, worker);
            await worker.StartAsync();

            // Warm up JIT and caches so the measured run is steady state.
            await client.WaitForInstanceCompletionAsync(await client.ScheduleNewOrchestrationInstanceAsync(EngineWorkload.Sequence, 0));
            await client.WaitForInstanceCompletionAsync(await client.ScheduleNewOrchestrationInstanceAsync(EngineWorkload.FanOut, 50));

            long episodes0 = worker.EpisodesProcessed;
            long activities0 = worker.ActivitiesProcessed;
            var latencies = new List<double>();
            using var stopReads = new CancellationTokenSource();
            var ids = Enumerable.Range(0, instances).Select(i => $"seq-{i:D5}").ToArray();

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select(id => client.ScheduleNewOrchestrationInstanceAsync(EngineWorkload.Sequence, 1, new StartOrchestrationOptions(id))));
            var reader = Task.Run(() => ReadStatusesAsync(client, ids, latencies, stopReads.Token));
            while (await AnyActiveAsync(client))
            {
                await Task.Delay(20);
            }

            double seconds = clock.Elapsed.TotalSeconds;
            await stopReads.CancelAsync();
            await reader;
            long workItems = worker.EpisodesProcessed - episodes0 + (worker.ActivitiesProcessed - activities0);

            clock.Restart();
            string fan = await client.ScheduleNewOrchestrationInstanceAsync(EngineWorkload.FanOut, FanOut);
            var fanResult = await client.WaitForInstanceCompletionAsync(fan, getInputsAndOutputs: true);
            double fanSeconds = clock.Elapsed.TotalSeconds;
            if (fanResult.ReadOutputAs<int>() != FanOut * (FanOut - 1) / 2)
            {
                throw new InvalidOperationException("The fan-out returned a wrong sum.");
            }

            double rawAfter = RawTransactionsPerSecond(Path.Combine(folder, "raw2.db"), durability, TimeSpan.FromSeconds(2));
            double raw = (rawBefore + rawAfter) / 2;
            latencies.Sort();
            double wps = workItems / seconds;
            results.Add("workItemsPerSecond", wps, "items/s", $"{workItems:N0} episodes+activities, {instances:N0} x 5-step sequences");
            results.Add("orchestrationsPerSecond", instances / seconds, "orch/s", $"{seconds:0.00} s for {instances:N0} instances");
            results.Add("fanOut1000Seconds", fanSeconds, "s", "one instance, 1,000 no-op activities");
            results.Add("statusP50Ms", Percentile(latencies, 0.50), "ms", $"{latencies.Count:N0} status reads during the load");
            results.Add("statusP99Ms", Percentile(latencies, 0.99), "ms", string.Empty);
            results.Add("rawStoreTxPerSecond", raw, "tx/s", $"single-row INSERT transactions, WAL, synchronous={durability.ToString().ToUpperInvariant()} (before {rawBefore:N0}, after {rawAfter:N0})");
            results.Add("engineToRawRatio", wps / raw, "x", "engine work items (each 2-6 row writes, fsynced) per raw one-row transaction; group commit makes up the difference");

            // Microsoft's in-process test host, same workload, in child processes (it sizes itself by the processor count).
            // Its rate grows with the processor count it sees (8: 2.6, 32: 10.6, 128: 40.8 orch/s measured), so only the top of that range is tried.
            var host = await InProcessHostBenchmark.RunBestAsync(instances, StepsPerInstance, 128, 512);
            double orchestrationsPerSecond = instances / seconds;
            results.Add("inProcessHostOrchestrationsPerSecond", host.OrchestrationsPerSecond, "orch/s",
                $"{host.Seconds:0.00} s for {instances:N0} instances; best of DOTNET_PROCESSOR_COUNT 128/512 (it was {host.ProcessorCount})");
            results.Add("engineToInProcessHostRatio", orchestrationsPerSecond / host.OrchestrationsPerSecond, "x", "embedded engine orchestrations/s over the in-process host's, same workload, same run");

            // The azure-storage backend (DTFx's Azure Storage provider) on Azurite, one worker process and then two on one task hub.
            var (one, two) = await AzureStorageEngineBenchmark.RunAsync(azureInstances, StepsPerInstance);
            results.Add("azureStorageOrchestrationsPerSecond", one.OrchestrationsPerSecond, "orch/s",
                $"{one.Seconds:0.00} s for {one.Instances:N0} instances, 1 worker process, 4 partitions, Azurite on the same cores ({Share(one)})");
            results.Add("engineToAzureStorageRatio", orchestrationsPerSecond / one.OrchestrationsPerSecond, "x", "embedded engine orchestrations/s over azure-storage's (1 worker process), same workload, same run");
            results.Add("azureStorageTwoWorkersOrchestrationsPerSecond", two.OrchestrationsPerSecond, "orch/s",
                $"{two.Seconds:0.00} s for {two.Instances:N0} instances, 2 worker processes sharing the 4 partitions ({Share(two)})");
            results.Add("azureStorageTwoToOneWorkersRatio", two.OrchestrationsPerSecond / one.OrchestrationsPerSecond, "x", "throughput of 2 worker processes over 1 on one task hub, same machine");
            return results;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    static string Share(AzureStorageEngineBenchmark.Run run) => string.Create(CultureInfo.InvariantCulture,
        $"CPU during the run: workers {run.WorkerCpuSeconds:0.0} s, Azurite {run.AzuriteCpuSeconds:0.0} s, of {run.Seconds * Environment.ProcessorCount:0.0} core-seconds");

    static int IntFlag(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0)
        {
            return fallback;
        }

        return at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new ArgumentException($"{name} needs a positive whole number.");
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

    static async Task ReadStatusesAsync(DurableTaskClient client, string[] ids, List<double> latencies, CancellationToken stop)
    {
        var random = new Random(42);
        while (!stop.IsCancellationRequested)
        {
            long start = Stopwatch.GetTimestamp();
            await client.GetInstanceAsync(ids[random.Next(ids.Length)], getInputsAndOutputs: true, CancellationToken.None);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            await Task.Delay(2, CancellationToken.None);
        }
    }

    /// <summary>The rate of small single-row write transactions, one after another, with the engine's pragmas.</summary>
    static double RawTransactionsPerSecond(string path, SqliteDurability durability, TimeSpan duration)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(durability == SqliteDurability.Full ? "FULL" : "NORMAL")};" +
                "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, instance_id TEXT NOT NULL, payload TEXT NOT NULL);";
            setup.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO t(instance_id, payload) VALUES ($i, $p)";
        var id = insert.Parameters.Add("$i", SqliteType.Text);
        insert.Parameters.AddWithValue("$p", "{\"EventType\":5,\"TaskScheduledId\":3,\"Result\":\"42\"}");
        insert.Prepare();
        long count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            using var tx = connection.BeginTransaction();
            insert.Transaction = tx;
            id.Value = "instance-" + count;
            insert.ExecuteNonQuery();
            tx.Commit();
            count++;
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
