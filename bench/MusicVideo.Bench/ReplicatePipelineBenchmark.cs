using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MusicVideo.ProviderStandIns;
using MusicVideo.ProviderStandIns.Replicate;
using MusicVideo.Tests.Shared;

namespace MusicVideo.Bench;

/// <summary>
/// The pipeline on Replicate: a real `musicvideo serve` process with Replicate clips against the stand-in, which answers every clip after a fixed
/// latency. Measures a 12-scene job against its floor (the clip latency plus the stitch step), 20 such jobs at once against the same floor, and
/// provider requests per clip with webhooks and with polling. Needs `dotnet build src/Server -c Release`.
/// </summary>
static class ReplicatePipelineBenchmark
{
    public const string Suite = "pipeline-replicate";
    const int Scenes = 12;
    const int ConcurrentJobs = 20;
    static readonly TimeSpan WarmUpLatency = TimeSpan.FromSeconds(2);

    public static async Task<BenchmarkResults> RunAsync(string[] args, BenchmarkResults? into = null)
    {
        var results = into ?? new BenchmarkResults("pipeline");
        bool quick = args.Contains("--quick");
        bool singleOnly = args.Contains("--single");
        int latencyAt = Array.IndexOf(args, "--latency");
        var latency = TimeSpan.FromSeconds(latencyAt >= 0 ? double.Parse(args[latencyAt + 1], CultureInfo.InvariantCulture) : quick ? 10 : 60);
        results.Add("replicate.clipLatencySeconds", latency.TotalSeconds, "s", "the stand-in's fixed time from create to completion");

        foreach (bool webhooks in new[] { true, false })
        {
            string mode = webhooks ? "webhooks" : "polling";
            await using var rig = await Rig.StartAsync(webhooks, latency);

            // The first job on a fresh server and stand-in pays for JIT compilation and new connections on both sides; a server in
            // production has run jobs before. So one job runs first at a short latency, reported as the cold start, and the measured
            // jobs run on the warmed server.
            rig.Replicate.Latency = WarmUpLatency;
            var cold = await rig.RunJobsAsync(1, Scenes);
            results.Add($"replicate.{mode}.coldJob12.seconds", cold.WallSeconds, "s", $"the first {Scenes}-scene job on the fresh server, clip latency {WarmUpLatency.TotalSeconds:0} s");
            results.Add($"replicate.{mode}.coldJob12.overheadSeconds", cold.WallSeconds - WarmUpLatency.TotalSeconds - cold.MeanStitchSeconds, "s", "its time beyond clip latency + stitch");
            rig.Replicate.Latency = latency;
            rig.Replicate.Requests.Clear();

            var single = await rig.RunJobsAsync(1, Scenes);
            double floor = latency.TotalSeconds + single.MeanStitchSeconds;
            results.Add($"replicate.{mode}.job12.seconds", single.WallSeconds, "s", $"one {Scenes}-scene job, POST to Completed");
            results.Add($"replicate.{mode}.job12.stitchSeconds", single.MeanStitchSeconds, "s", "its stitch step (activity scheduled → completed)");
            results.Add($"replicate.{mode}.job12.ratio", single.WallSeconds / floor, "x", "job / (clip latency + stitch); goal ≤ 1.05");
            results.Add($"replicate.{mode}.requestsPerClip", single.RequestsPerClip, "req", "creates + reads + cancels at the stand-in per clip");
            results.Add($"replicate.{mode}.pollsPerClip", single.PollsPerClip, "req", "GET /v1/predictions/{id} per clip");
            foreach (var (phase, seconds, note) in await rig.ProfileAsync(single.JobIds[0], single.PostedAt, latency))
            {
                results.Add($"replicate.{mode}.job12.profile.{phase}", seconds, "s", note);
            }

            if (singleOnly)
            {
                continue;
            }

            rig.Replicate.Requests.Clear();
            double serverCpu = rig.ServerCpuSeconds();
            // A sample when the predictions finish splits the CPU into the wait (submits, status reads) and the fetches + stitches.
            var atCompletion = Task.Delay(latency).ContinueWith(_ => rig.ServerCpuSeconds(), TaskScheduler.Default);
            var many = await rig.RunJobsAsync(ConcurrentJobs, Scenes);
            double waitingCpu = await atCompletion - serverCpu;
            serverCpu = rig.ServerCpuSeconds() - serverCpu;
            double manyFloor = latency.TotalSeconds + many.MaxStitchSeconds;
            results.Add($"replicate.{mode}.jobs20.seconds", many.WallSeconds, "s", $"{ConcurrentJobs} {Scenes}-scene jobs at once, first POST to last Completed");
            results.Add($"replicate.{mode}.jobs20.ratio", many.WallSeconds / manyFloor, "x", "all jobs / (clip latency + slowest stitch); goal ≤ 1.10");
            results.Add($"replicate.{mode}.jobs20.ratioToSingleFloor", many.WallSeconds / floor, "x", "all jobs / (clip latency + one uncontended stitch)");
            results.Add($"replicate.{mode}.jobs20.requestsPerClip", many.RequestsPerClip, "req", "at the stand-in per clip");
            results.Add($"replicate.{mode}.jobs20.serverCpuSeconds", serverCpu, "s", "CPU of the server and its ffmpeg/ffprobe children over the 20 jobs (little affected by other load)");
            results.Add($"replicate.{mode}.jobs20.serverCpuWaitingSeconds", waitingCpu, "s", "the part of it before the predictions finish: creates, webhooks or polls, and the bench's status reads (5/s per job)");
            results.Add($"replicate.{mode}.jobs20.serverCpuFloorSeconds", latency.TotalSeconds + (serverCpu / Environment.ProcessorCount), "s", "clip latency + that CPU spread over every core: the wall time no scheduling can beat");
            foreach (var (phase, seconds, note) in await rig.ProfileManyAsync(many.JobIds, many.PostedAt, latency))
            {
                results.Add($"replicate.{mode}.jobs20.profile.{phase}", seconds, "s", note);
            }
        }

        return results;
    }

    sealed record Measured(
        double WallSeconds, double MeanStitchSeconds, double MaxStitchSeconds, double RequestsPerClip, double PollsPerClip,
        IReadOnlyList<string> JobIds, DateTime PostedAt);

    sealed class Rig : IAsyncDisposable
    {
        Rig(ReplicateStandIn replicate, PublicRelay? relay, ServerProcess server, string data, HttpClient http)
        {
            Replicate = replicate;
            Relay = relay;
            Server = server;
            Data = data;
            Http = http;
        }

        public ReplicateStandIn Replicate { get; }

        PublicRelay? Relay { get; }

        ServerProcess Server { get; }

        string Data { get; }

        HttpClient Http { get; }

        public static async Task<Rig> StartAsync(bool webhooks, TimeSpan latency)
        {
            // Clips as long as the job asks (8 s), as a real model answers, so the stitch handles what production stitches.
            var replicate = new ReplicateStandIn { Latency = latency, ServeRequestedDuration = true };
            await replicate.StartAsync();
            // The stand-in encodes each served clip length once, on first use; made here, so no fetch waits for the stand-in's own encode.
            await StandInMedia.Mp4Async(8);
            PublicRelay? relay = null;
            string data = Directory.CreateTempSubdirectory("mv-bench-replicate-").FullName;
            var environment = new Dictionary<string, string>
            {
                ["MV_DATA_DIR"] = data,
                ["VIDEO_PROVIDER"] = "replicate",
                ["REPLICATE_API_TOKEN"] = replicate.ApiToken,
                ["REPLICATE_API_BASE_URL"] = replicate.BaseUrl.ToString(),
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            };
            if (webhooks)
            {
                relay = new PublicRelay();
                await relay.StartAsync();
                environment["MV_PUBLIC_BASE_URL"] = relay.BaseUrl.ToString();
                environment["REPLICATE_WEBHOOK_SECRET"] = replicate.WebhookSecret;
            }

            var server = await ServerProcess.StartAsync(ServerProcess.FindAssembly(Path.Combine("src", "Server"), "musicvideo"), ["serve"], environment);
            if (relay is not null)
            {
                relay.Target = new Uri(server.BaseUrl.TrimEnd('/') + "/");
            }

            return new Rig(replicate, relay, server, data, new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromMinutes(2) });
        }

        /// <summary>The server's user + system CPU seconds so far, its reaped children's (ffmpeg, ffprobe) included, from /proc.</summary>
        public double ServerCpuSeconds()
        {
            // Fields 14-17 of /proc/PID/stat (utime, stime, cutime, cstime), in clock ticks of 1/100 s; they follow the ')' of the name.
            var fields = File.ReadAllText($"/proc/{Server.Pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Skip(11).Take(4).Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) / 100.0;
        }

        public async Task<Measured> RunJobsAsync(int jobs, int scenes)
        {
            var clock = Stopwatch.StartNew();
            var postedAt = DateTime.UtcNow;
            var ids = new List<string>();
            for (int i = 0; i < jobs; i++)
            {
                using var response = await Http.PostAsJsonAsync("/api/mv/jobs", new
                {
                    idea = "a night train crossing a frozen lake under the northern lights",
                    character_description = "a conductor with a lantern",
                    number_of_scenes = scenes,
                    clip_duration = 8,
                    seed = 300 + i,
                });
                response.EnsureSuccessStatusCode();
                ids.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
            }

            var pending = new HashSet<string>(ids);
            var deadline = DateTime.UtcNow.AddMinutes(30);
            while (pending.Count > 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{pending.Count} jobs did not finish in 30 minutes.\n{Server.Output[^Math.Min(4000, Server.Output.Length)..]}");
                }

                foreach (string id in pending.ToList())
                {
                    var job = await Http.GetFromJsonAsync<JsonObject>("/api/mv/jobs/" + id);
                    string status = job!["status"]!.GetValue<string>();
                    if (status is "Completed")
                    {
                        pending.Remove(id);
                    }
                    else if (status is "Failed" or "Terminated")
                    {
                        throw new InvalidOperationException($"job {id} ended {status}: {job.ToJsonString()}");
                    }
                }

                await Task.Delay(200);
            }

            double wall = clock.Elapsed.TotalSeconds;
            var stitches = new List<double>();
            foreach (string id in ids)
            {
                stitches.Add(await StitchSecondsAsync(id));
            }

            int clips = jobs * scenes;
            var requests = Replicate.Requests.All.Where(r => r.Path.StartsWith("/v1/predictions", StringComparison.Ordinal) || r.Path.StartsWith("/v1/models/", StringComparison.Ordinal)).ToList();
            int polls = requests.Count(r => r.Method == "GET");
            return new Measured(wall, stitches.Average(), stitches.Max(), requests.Count / (double)clips, polls / (double)clips, ids, postedAt);
        }

        /// <summary>Where one job's time went, from its history and its clips' histories: the phases on the way to its last clip and after it.</summary>
        public async Task<List<(string Phase, double Seconds, string Note)>> ProfileAsync(string id, DateTime postedAt, TimeSpan latency)
        {
            static DateTime At(JsonNode? e, string field) =>
                DateTime.Parse(e![field]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            static string? Name(JsonNode? e) => e!["FunctionName"]?.GetValue<string>();
            var job = (await HistoryAsync(id)).ToList();
            var clipCalls = job.Where(e => Name(e) == "GenerateClip").ToList();
            var stitch = job.Last(e => Name(e) == "StitchVideos");
            var completed = At(job.Last(e => e!["EventType"]!.GetValue<string>() == "ExecutionCompleted"), "Timestamp");
            var firstClip = clipCalls.Min(e => At(e, "ScheduledTime"));
            var lastClipDone = clipCalls.Max(e => At(e, "Timestamp"));

            // Per clip: submit, the time from the prediction's completion (submit done + latency) to the fetch, and the fetch.
            var submits = new List<double>();
            var seenLags = new List<double>();
            var fetches = new List<double>();
            var clipEnds = new List<(DateTime Done, double Submit, double Lag, double Fetch, DateTime Scheduled)>();
            foreach (var call in clipCalls)
            {
                var clip = (await HistoryAsync(call!["InstanceId"]!.GetValue<string>())).ToList();
                var submit = clip.Last(e => Name(e) == "SubmitClip");
                var fetch = clip.Last(e => Name(e) == "FetchClip");
                double submitSeconds = (At(submit, "Timestamp") - At(submit, "ScheduledTime")).TotalSeconds;
                double lag = (At(fetch, "ScheduledTime") - At(submit, "Timestamp") - latency).TotalSeconds;
                double fetchSeconds = (At(fetch, "Timestamp") - At(fetch, "ScheduledTime")).TotalSeconds;
                submits.Add(submitSeconds);
                seenLags.Add(lag);
                fetches.Add(fetchSeconds);
                clipEnds.Add((At(call, "Timestamp"), submitSeconds, lag, fetchSeconds, At(call, "ScheduledTime")));
            }

            var last = clipEnds.MaxBy(c => c.Done);
            return
            [
                ("toFirstClipSeconds", (firstClip - postedAt).TotalSeconds, "POST → first GenerateClip scheduled (scenes, character references)"),
                ("clipStartSpreadSeconds", (clipCalls.Max(e => At(e, "ScheduledTime")) - firstClip).TotalSeconds, "first → last GenerateClip scheduled"),
                ("submitMeanSeconds", submits.Average(), "SubmitClip activity, scheduled → completed (mean)"),
                ("doneToFetchMeanSeconds", seenLags.Average(), "prediction complete (submit done + latency) → FetchClip scheduled: webhook or poll lag (mean)"),
                ("doneToFetchMaxSeconds", seenLags.Max(), "the same, slowest clip"),
                ("fetchMeanSeconds", fetches.Average(), "FetchClip (download, probe, store), scheduled → completed (mean)"),
                ("lastClipSubmitSeconds", last.Submit, "the last clip to finish: its submit"),
                ("lastClipLagSeconds", last.Lag, "the last clip to finish: completion → fetch"),
                ("lastClipFetchSeconds", last.Fetch, "the last clip to finish: its fetch"),
                ("lastClipStartSeconds", (last.Scheduled - postedAt).TotalSeconds, "the last clip to finish: POST → its GenerateClip scheduled"),
                ("clipsDoneToStitchSeconds", (At(stitch, "ScheduledTime") - lastClipDone).TotalSeconds, "last GenerateClip completed → StitchVideos scheduled"),
                ("stitchToCompletedSeconds", (completed - At(stitch, "Timestamp")).TotalSeconds, "StitchVideos completed → job completed"),
                ("jobSeconds", (completed - postedAt).TotalSeconds, "POST → job completed in history (the wall figure adds the 200 ms status polling)"),
            ];
        }

        /// <summary>Where the time of many jobs at once went: every clip's submit, completion → fetch and fetch, and every job's stitch.</summary>
        public async Task<List<(string Phase, double Seconds, string Note)>> ProfileManyAsync(IReadOnlyList<string> ids, DateTime postedAt, TimeSpan latency)
        {
            static DateTime At(JsonNode? e, string field) =>
                DateTime.Parse(e![field]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            static string? Name(JsonNode? e) => e!["FunctionName"]?.GetValue<string>();
            var lags = new List<double>();
            var fetches = new List<double>();
            var fetchesDone = new List<DateTime>();
            var stitches = new List<double>();
            var stitchStarts = new List<DateTime>();
            var completions = new List<DateTime>();
            foreach (string id in ids)
            {
                var job = (await HistoryAsync(id)).ToList();
                var stitch = job.Last(e => Name(e) == "StitchVideos");
                stitches.Add((At(stitch, "Timestamp") - At(stitch, "ScheduledTime")).TotalSeconds);
                stitchStarts.Add(At(stitch, "ScheduledTime"));
                completions.Add(At(job.Last(e => e!["EventType"]!.GetValue<string>() == "ExecutionCompleted"), "Timestamp"));
                foreach (var call in job.Where(e => Name(e) == "GenerateClip"))
                {
                    var clip = (await HistoryAsync(call!["InstanceId"]!.GetValue<string>())).ToList();
                    var submit = clip.Last(e => Name(e) == "SubmitClip");
                    var fetch = clip.Last(e => Name(e) == "FetchClip");
                    lags.Add((At(fetch, "ScheduledTime") - At(submit, "Timestamp") - latency).TotalSeconds);
                    fetches.Add((At(fetch, "Timestamp") - At(fetch, "ScheduledTime")).TotalSeconds);
                    fetchesDone.Add(At(fetch, "Timestamp"));
                }
            }

            return
            [
                ("doneToFetchMeanSeconds", lags.Average(), "prediction complete → FetchClip scheduled, all clips (mean)"),
                ("fetchMeanSeconds", fetches.Average(), "FetchClip (download, probe, store), all clips at once (mean)"),
                ("fetchMaxSeconds", fetches.Max(), "the same, slowest clip"),
                ("lastFetchDoneSeconds", (fetchesDone.Max() - postedAt).TotalSeconds, "first POST → the last clip stored"),
                ("stitchMeanSeconds", stitches.Average(), "StitchVideos, scheduled → completed (mean over the jobs)"),
                ("stitchMaxSeconds", stitches.Max(), "the same, slowest job"),
                ("lastStitchStartSeconds", (stitchStarts.Max() - postedAt).TotalSeconds, "first POST → the last stitch scheduled"),
                ("lastCompletedSeconds", (completions.Max() - postedAt).TotalSeconds, "first POST → the last job completed in history"),
            ];
        }

        async Task<JsonArray> HistoryAsync(string id)
        {
            var status = await Http.GetFromJsonAsync<JsonObject>($"/runtime/webhooks/durabletask/instances/{id}?showHistory=true");
            return status!["historyEvents"]!.AsArray();
        }

        async Task<double> StitchSecondsAsync(string id)
        {
            var status = await Http.GetFromJsonAsync<JsonObject>($"/runtime/webhooks/durabletask/instances/{id}?showHistory=true");
            var stitch = status!["historyEvents"]!.AsArray().Last(e => e!["FunctionName"]?.GetValue<string>() == "StitchVideos")!;
            var scheduled = DateTime.Parse(stitch["ScheduledTime"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            var completed = DateTime.Parse(stitch["Timestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            return (completed - scheduled).TotalSeconds;
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Server.DisposeAsync();
            if (Relay is not null)
            {
                await Relay.DisposeAsync();
            }

            await Replicate.DisposeAsync();
            PipelineMeasure.TryDeleteDirectory(Data);
        }
    }
}
