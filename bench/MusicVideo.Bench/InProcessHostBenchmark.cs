using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace MusicVideo.Bench;

/// <summary>The engine suite's 5-step workload on Microsoft's in-process test host (Microsoft's worker and replay, in-memory store).</summary>
/// <remarks>
/// The host runs at most <see cref="Environment.ProcessorCount"/> work items at once, so the engine suite runs this in child
/// processes with DOTNET_PROCESSOR_COUNT raised and keeps the best result (its best case, as the issue asks).
/// </remarks>
static class InProcessHostBenchmark
{
    public const string Suite = "inprocess-host";

    /// <summary>Runs the workload here and prints one JSON line: instances, seconds, orchestrations per second.</summary>
    public static async Task<int> RunChildAsync(int instances, int steps)
    {
        await using var host = await DurableTaskTestHost.StartAsync(r => EngineWorkload.Register(r, steps));
        var client = host.Client;
        await client.WaitForInstanceCompletionAsync(await client.ScheduleNewOrchestrationInstanceAsync(EngineWorkload.Sequence, 0));

        var ids = Enumerable.Range(0, instances).Select(i => $"seq-{i:D5}").ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(ids.Select(id => client.ScheduleNewOrchestrationInstanceAsync(EngineWorkload.Sequence, 1, new StartOrchestrationOptions(id))));
        var done = await Task.WhenAll(ids.Select(id => client.WaitForInstanceCompletionAsync(id)));
        double seconds = clock.Elapsed.TotalSeconds;
        if (done.Any(d => d.RuntimeStatus != OrchestrationRuntimeStatus.Completed))
        {
            throw new InvalidOperationException("An instance did not complete on the in-process host.");
        }

        Console.WriteLine(JsonSerializer.Serialize(new { instances, seconds, orchestrationsPerSecond = instances / seconds }));
        return 0;
    }

    /// <summary>Runs the child with each processor count and returns the best run (count, orchestrations per second).</summary>
    public static async Task<(int ProcessorCount, double OrchestrationsPerSecond, double Seconds)> RunBestAsync(int instances, int steps, params int[] processorCounts)
    {
        (int, double, double) best = (0, 0, 0);
        foreach (int count in processorCounts)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (!Environment.ProcessPath!.EndsWith("MusicVideo.Bench", StringComparison.Ordinal))
            {
                start.ArgumentList.Add(typeof(InProcessHostBenchmark).Assembly.Location);
            }

            foreach (string arg in new[] { Suite, instances.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["DOTNET_PROCESSOR_COUNT"] = count.ToString(CultureInfo.InvariantCulture);
            using var child = Process.Start(start)!;
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEndAsync();
            await child.WaitForExitAsync();
            string line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{')) ?? string.Empty;
            if (child.ExitCode != 0 || line.Length == 0)
            {
                throw new InvalidOperationException($"The in-process host run with DOTNET_PROCESSOR_COUNT={count} failed: {await stderr}");
            }

            using var json = JsonDocument.Parse(line);
            double rate = json.RootElement.GetProperty("orchestrationsPerSecond").GetDouble();
            Console.WriteLine($"  in-process host, DOTNET_PROCESSOR_COUNT={count}: {rate:N1} orchestrations/s");
            if (rate > best.Item2)
            {
                best = (count, rate, json.RootElement.GetProperty("seconds").GetDouble());
            }
        }

        return best;
    }
}
