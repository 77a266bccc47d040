using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace MusicVideo.Bench;

/// <summary>
/// Soak: a real `musicvideo serve` process (local providers, fresh data folder) gets N concurrent jobs while clients poll
/// their status at a fixed rate for a fixed time. Reports completion, status latency, the server's RSS over time and
/// the durable store's size per job.
/// </summary>
static class SoakBenchmark
{
    public static async Task<BenchmarkResults> RunAsync(string[] args)
    {
        int jobs = IntOption(args, "--jobs", 50);
        int rate = IntOption(args, "--rate", 100);
        int seconds = IntOption(args, "--seconds", 300);
        int scenes = IntOption(args, "--scenes", 2);
        int clipSeconds = IntOption(args, "--clip-seconds", 4);
        var results = new BenchmarkResults("soak");
        string data = Directory.CreateTempSubdirectory("mv-bench-soak-").FullName;
        Log($"{jobs} jobs ({scenes} scenes x {clipSeconds} s, 1:1), status polled at {rate} req/s for {seconds} s; data {data}; load {File.ReadAllText("/proc/loadavg").Trim()}");
        using var server = await StartServerAsync(data);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
            await Task.Delay(1000);
            double baseline = RssMb(server.Pid, "VmRSS");

            var ids = new string[jobs];
            await Parallel.ForAsync(0, jobs, async (i, ct) =>
            {
                using var response = await http.PostAsJsonAsync("/api/mv/jobs", new Dictionary<string, object>
                {
                    ["idea"] = $"soak job {i}: paper lanterns over a river",
                    ["character_description"] = "a ferryman in a straw hat",
                    ["number_of_scenes"] = scenes,
                    ["clip_duration"] = clipSeconds,
                    ["aspect_ratio"] = "1:1",
                    ["seed"] = i,
                }, ct);
                var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
                ids[i] = body?["id"]?.GetValue<string>() ?? throw new InvalidOperationException($"job {i}: {(int)response.StatusCode} {body}");
            });
            Log($"{jobs} jobs accepted; RSS {baseline:0} MB before");

            var latencies = new ConcurrentBag<(double At, double Ms)>();
            var done = new ConcurrentDictionary<string, (string Status, double Seconds)>();
            int errors = 0;
            var rss = new List<(double At, double Mb)>();
            var clock = Stopwatch.StartNew();
            var interval = TimeSpan.FromSeconds(1.0 / rate);
            var inFlight = new List<Task>();
            long next = 0;
            double lastSample = -1;
            // The load runs for the set time, and on (up to 10 more minutes) until every job has finished.
            while (clock.Elapsed.TotalSeconds < seconds || (done.Count < jobs && clock.Elapsed.TotalSeconds < seconds + 600))
            {
                string id = ids[next++ % jobs];
                inFlight.Add(PollAsync(http, id, latencies, done, clock, () => Interlocked.Increment(ref errors)));
                if (clock.Elapsed.TotalSeconds - lastSample >= 1)
                {
                    lastSample = clock.Elapsed.TotalSeconds;
                    rss.Add((lastSample, RssMb(server.Pid, "VmRSS")));
                    inFlight.RemoveAll(t => t.IsCompleted);
                }

                var due = TimeSpan.FromTicks(interval.Ticks * next) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
            }

            await Task.WhenAll(inFlight);
            double loadSeconds = clock.Elapsed.TotalSeconds;
            double endOfLoad = RssMb(server.Pid, "VmRSS");
            double peak = RssMb(server.Pid, "VmHWM");
            await Task.Delay(TimeSpan.FromSeconds(15));
            double afterIdle = RssMb(server.Pid, "VmRSS");

            int completed = done.Values.Count(v => v.Status == "Completed");
            var sorted = latencies.Select(l => l.Ms).Order().ToArray();
            long Size(string name) => File.Exists(Path.Combine(data, name)) ? new FileInfo(Path.Combine(data, name)).Length : 0;
            long dbBytes = Size("durable.db");
            long walBytes = Size("durable.db-wal");
            double lastDone = done.Values.Count == 0 ? 0 : done.Values.Max(v => v.Seconds);
            // Split by phase: while jobs render (ffmpeg holds the cores) and after the last one finished (reads only).
            var rendering = latencies.Where(l => l.At <= lastDone).Select(l => l.Ms).Order().ToArray();
            var idle = latencies.Where(l => l.At > lastDone).Select(l => l.Ms).Order().ToArray();
            double rssLastThird = rss.Where(r => r.At >= loadSeconds * 2 / 3.0).Select(r => r.Mb).DefaultIfEmpty(endOfLoad).Average();
            double rssFirstAfterDone = rss.Where(r => r.At >= lastDone).Select(r => r.Mb).DefaultIfEmpty(endOfLoad).First();

            results.Add("jobs", jobs, "jobs", $"{scenes} scenes x {clipSeconds} s each, local providers");
            results.Add("jobsCompleted", completed, "jobs", "goal: all");
            results.Add("lastJobDoneSeconds", lastDone, "s", completed == jobs ? "from the first poll" : "of the jobs that finished");
            results.Add("loadSeconds", loadSeconds, "s", $"polling time (set: {seconds} s, longer while jobs run)");
            results.Add("statusRequests", sorted.Length, "requests", $"{rate} req/s target");
            results.Add("statusRequestsPerSecond", sorted.Length / loadSeconds, "req/s");
            results.Add("statusErrors", errors, "requests", "non-2xx or transport errors");
            results.Add("statusP50Ms", Percentile(sorted, 0.50), "ms");
            results.Add("statusP99Ms", Percentile(sorted, 0.99), "ms", "goal: <= 20 ms");
            results.Add("statusWhileRenderingP50Ms", Percentile(rendering, 0.50), "ms", $"{rendering.Length} requests while jobs ran");
            results.Add("statusWhileRenderingP99Ms", Percentile(rendering, 0.99), "ms");
            results.Add("statusAfterJobsP50Ms", Percentile(idle, 0.50), "ms", $"{idle.Length} requests after the last job finished");
            results.Add("statusAfterJobsP99Ms", Percentile(idle, 0.99), "ms");
            results.Add("statusMaxMs", sorted.Length == 0 ? 0 : sorted[^1], "ms");
            results.Add("rssBeforeMb", baseline, "MB");
            results.Add("rssPeakMb", peak, "MB", "VmHWM");
            results.Add("rssWhenAllDoneMb", rssFirstAfterDone, "MB", "first sample after the last job finished");
            results.Add("rssLastThirdMb", rssLastThird, "MB", "mean over the last third of the run (polling only once jobs are done)");
            results.Add("rssEndOfLoadMb", endOfLoad, "MB");
            results.Add("rssAfter15sIdleMb", afterIdle, "MB", "goal: flat after the load");
            results.Add("durableDbBytesPerJob", (double)dbBytes / jobs, "bytes", "durable.db, incl. clip sub-orchestrations");
            results.Add("durableWalBytesPerJob", (double)walBytes / jobs, "bytes", "durable.db-wal not yet checkpointed");
            results.Add("loadAverageAtEnd", double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture), "", "1-minute load average of the machine (other work shares it)");
            return results;
        }
        finally
        {
            server.Stop();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    static async Task PollAsync(
        HttpClient http, string id, ConcurrentBag<(double At, double Ms)> latencies, ConcurrentDictionary<string, (string, double)> done, Stopwatch clock, Action onError)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync($"/runtime/webhooks/durabletask/instances/{id}?showInput=false");
            string text = await response.Content.ReadAsStringAsync();
            latencies.Add((clock.Elapsed.TotalSeconds, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            if (!response.IsSuccessStatusCode)
            {
                onError();
                return;
            }

            string? status = JsonNode.Parse(text)?["runtimeStatus"]?.GetValue<string>();
            if (status is not ("Running" or "Pending") && status is not null)
            {
                done.TryAdd(id, (status, clock.Elapsed.TotalSeconds));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            onError();
        }
    }

    static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    static double RssMb(int pid, string field)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return 0;
    }

    static int IntOption(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out int value) ? value : fallback;
    }

    static void Log(string text) => Console.WriteLine($"[soak {DateTime.UtcNow:HH:mm:ss}] {text}");

    static async Task<ServerHandle> StartServerAsync(string data)
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "MusicVideo.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("MusicVideo.sln not found above " + AppContext.BaseDirectory);
        }

        string dll = Path.Combine(root, "src", "Server", "bin", "Release", "net10.0", "musicvideo.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"Build the server first: dotnet build src/Server -c Release (missing {dll}).");
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { dll, "serve", "--urls", "http://127.0.0.1:0" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["MV_DATA_DIR"] = data;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var process = Process.Start(info)!;
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }

            const string marker = "Now listening on: ";
            int at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                address.TrySetResult(line[(at + marker.Length)..].Trim());
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (await Task.WhenAny(address.Task, Task.Delay(TimeSpan.FromSeconds(60))) != address.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The server did not start:\n" + log);
        }

        return new ServerHandle(process, address.Task.Result);
    }

    sealed class ServerHandle(Process process, string baseUrl) : IDisposable
    {
        public string BaseUrl => baseUrl;

        public int Pid => process.Id;

        public void Stop()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }

        public void Dispose()
        {
            this.Stop();
            process.Dispose();
        }
    }
}
