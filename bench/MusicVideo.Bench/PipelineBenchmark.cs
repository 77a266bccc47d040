using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MusicVideo.Core.Media;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;
using MusicVideo.Core.Workflow.Models;

namespace MusicVideo.Bench;

/// <summary>
/// The product pipeline with the local providers: a 4-scene job through the engine against the same work done directly
/// (its critical path), the stitcher against a plain ffmpeg concat, and the local clip renderer's speed.
/// </summary>
static class PipelineBenchmark
{
    const int Scenes = 4;
    const int ClipSeconds = 8;
    const string Aspect = "16:9";
    const int JobRuns = 3;
    const int StitchRuns = 5;
    const int StitchClips = 8;
    const int RenderRuns = 3;
    const int ParallelClips = 4;
    const int WarmupSeed = 4100;
    const int FirstSeed = 4101;

    static readonly TimeSpan Deadline = TimeSpan.FromMinutes(30);

    public static async Task<BenchmarkResults> RunAsync()
    {
        var results = new BenchmarkResults("pipeline");
        using var cts = new CancellationTokenSource(Deadline);
        string root = Directory.CreateTempSubdirectory("mv-bench-pipeline-").FullName;
        Log($"work folder {root}; {Environment.ProcessorCount} cores; load {LoadAverage()}");
        try
        {
            await JobVersusCriticalPathAsync(results, root, cts.Token);
            await StitchVersusFfmpegAsync(results, Path.Combine(root, "stitch"), cts.Token);
            await PipelineStores.JobOnStoresAsync(results, Path.Combine(root, "stores-jobs"), JobRuns, FirstSeed, Input, Scenes * ClipSeconds, cts.Token);
            await ClipRenderAsync(results, Path.Combine(root, "render"), cts.Token);
            Log($"done; load {LoadAverage()}");
            return results;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            PipelineMeasure.TryDeleteDirectory(root);
        }
    }

    static MusicVideoJobInput Input(int seed) => new()
    {
        Idea = "A neon-lit night drive through a city that never sleeps, ending at sunrise on the coast",
        CharacterDescription = "a singer in her thirties with short blue hair, a silver bomber jacket and round sunglasses",
        SceneCount = Scenes,
        AspectRatio = Aspect,
        ClipDurationSeconds = ClipSeconds,
        Seed = seed,
    };

    // ---- jobSeconds, criticalPathSeconds, jobOverheadRatio ------------------------------------------------------------

    static async Task JobVersusCriticalPathAsync(BenchmarkResults results, string root, CancellationToken ct)
    {
        const double expected = Scenes * ClipSeconds;
        var warm = await PipelineJob.RunAsync(Path.Combine(root, "job-warmup"), Input(WarmupSeed), expected, ct);
        Log($"warm-up job: {warm.Seconds:0.00} s (untimed)");
        Cleanup(Path.Combine(root, "job-warmup"));

        var jobs = new List<PipelineRun>();
        var direct = new List<PipelineRun>();
        for (int k = 0; k < JobRuns; k++)
        {
            int seed = FirstSeed + k;
            // Alternate which goes first so slow drift of the machine (other work, disk) does not favour one side.
            bool jobFirst = k % 2 == 0;
            for (int side = 0; side < 2; side++)
            {
                if ((side == 0) == jobFirst)
                {
                    string folder = Path.Combine(root, $"job-{k}");
                    var run = await PipelineJob.RunAsync(folder, Input(seed), expected, ct);
                    jobs.Add(run);
                    Log($"job    #{k + 1} seed {seed}: {Describe(run)}");
                    Cleanup(folder);
                }
                else
                {
                    string folder = Path.Combine(root, $"direct-{k}");
                    var run = await PipelineDirect.RunAsync(folder, Input(seed), expected, ct);
                    direct.Add(run);
                    Log($"direct #{k + 1} seed {seed}: {Describe(run)}");
                    Cleanup(folder);
                }
            }
        }

        double job = PipelineMeasure.Median(jobs.Select(r => r.Seconds));
        double critical = PipelineMeasure.Median(direct.Select(r => r.Seconds));
        string perRun = $"runs {PipelineMeasure.List(jobs.Select(r => r.Seconds))}";
        results.Add("jobSeconds", job, "s",
            $"median of {JobRuns}: {Scenes} scenes x {ClipSeconds} s {Aspect}, local providers, schedule -> completion through the engine, fresh data folder and seed per run, after 1 warm-up job; output verified ({Scenes * ClipSeconds} s ± {PipelineMeasure.DurationTolerance}); {perRun}");
        results.Add("criticalPathSeconds", critical, "s",
            $"median of {JobRuns}: the same calls without the engine (plan, submit/poll/fetch+probe+store per scene concurrently, stitch+store), same seeds; runs {PipelineMeasure.List(direct.Select(r => r.Seconds))}");
        results.Add("jobOverheadRatio", job / critical, "x", "jobSeconds / criticalPathSeconds (goal <= 1.10)");

        // Where the time goes, phase by phase, on both paths (medians; same definitions, see PipelineRun).
        AddPair(results, jobs, direct, "PlanSeconds", r => r.PlanSeconds, "start -> scene plan available");
        AddPair(results, jobs, direct, "RenderPhaseSeconds", r => r.RenderPhaseSeconds, "plan available -> last clip stored");
        AddPair(results, jobs, direct, "StitchPhaseSeconds", r => r.StitchPhaseSeconds, "last clip stored -> caller sees completion");
        AddPair(results, jobs, direct, "StitchStepSeconds", r => r.StitchStepSeconds, "stitch step alone (engine: StitchVideos scheduled -> completed)");
        AddPair(results, jobs, direct, "SubmitToRenderDoneSeconds", r => r.MeanSubmitToRenderDoneSeconds, "mean per clip: submit -> provider's done.json (queue for a render slot + ffmpeg)");
        AddPair(results, jobs, direct, "PollLagSeconds", r => r.MeanPollLagSeconds, "mean per clip: done.json written -> caller learns success (poll interval, activity/episode dispatch)");
        AddPair(results, jobs, direct, "FetchSeconds", r => r.MeanFetchSeconds, "mean per clip: success learned -> clip stored (fetch copy + ffprobe + store; engine adds dispatch + sub-orchestration completion)");
        AddPair(results, jobs, direct, "LastRenderToEndSeconds", r => r.LastRenderToEndSeconds, "last provider render finished -> caller sees completion");
        AddPair(results, jobs, direct, "ClipFfmpegSeconds", r => r.MeanRenderSeconds, "mean per clip: the provider's own ffmpeg time (done.json render_seconds)");
        results.Add("jobPollActivities", PipelineMeasure.Median(jobs.Select(r => (double)r.PollCalls)), "count",
            $"WaitForClip activities per job (median); durable timers per job: {PipelineMeasure.List(jobs.Select(r => (double)r.Timers))}; direct path poll loops: {PipelineMeasure.List(direct.Select(r => (double)r.PollCalls))}");
    }

    static void AddPair(BenchmarkResults results, List<PipelineRun> jobs, List<PipelineRun> direct, string name, Func<PipelineRun, double> pick, string note)
    {
        results.Add("job" + name, PipelineMeasure.Median(jobs.Select(pick)), "s", $"{note}; runs {PipelineMeasure.List(jobs.Select(pick))}");
        results.Add("criticalPath" + name, PipelineMeasure.Median(direct.Select(pick)), "s", $"same, direct; runs {PipelineMeasure.List(direct.Select(pick))}");
    }

    static string Describe(PipelineRun r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Seconds:0.00} s (plan {r.PlanSeconds:0.00}, render phase {r.RenderPhaseSeconds:0.00}, stitch phase {r.StitchPhaseSeconds:0.00} [step {r.StitchStepSeconds:0.00}], " +
        $"poll lag {r.MeanPollLagSeconds:0.00}, fetch {r.MeanFetchSeconds:0.00}, ffmpeg/clip {r.MeanRenderSeconds:0.00}, polls {r.PollCalls}, timers {r.Timers}; output {r.OutputSeconds:0.00} s)");

    static void Cleanup(string folder)
    {
        SqliteConnection.ClearAllPools();
        PipelineMeasure.TryDeleteDirectory(folder);
    }

    // ---- stitchSeconds, plainFfmpegConcatSeconds, stitchVsFfmpegRatio ------------------------------------------------

    static async Task StitchVersusFfmpegAsync(BenchmarkResults results, string root, CancellationToken ct)
    {
        const double expected = StitchClips * ClipSeconds;
        var runner = new FfmpegRunner();
        var probe = new MediaProbe(runner);
        var stitcher = new VideoStitcher(runner);

        // 8 x 8 s 16:9 clips rendered once up front by the local renderer and fetched as the FetchClip activity does.
        string clipDir = Path.Combine(root, "clips");
        string outDir = Path.Combine(root, "out");
        Directory.CreateDirectory(clipDir);
        Directory.CreateDirectory(outDir);
        var paths = new List<string>();
        using (var generator = new LocalClipGenerator(new LocalProviderOptions { WorkDirectory = Path.Combine(root, "providers") }))
        {
            var requests = Enumerable.Range(0, StitchClips)
                .Select(i => new ClipRequest($"Stitch benchmark scene {i + 1}: a slow pan across a rain-soaked neon street", Aspect, ClipSeconds, null, 500 + i))
                .ToList();
            var (seconds, jobIds) = await PipelineMeasure.RenderClipsAsync(generator, requests, ct);
            for (int i = 0; i < jobIds.Count; i++)
            {
                string path = Path.Combine(clipDir, $"clip{i:D2}.mp4");
                await generator.FetchAsync(jobIds[i], path, ct);
                paths.Add(path);
            }

            Log($"stitch input: {StitchClips} clips rendered in {seconds:0.00} s");
        }

        var infos = new List<MediaInfo>();
        foreach (string path in paths)
        {
            infos.Add(await PipelineMeasure.VerifyVideoAsync(probe, path, ClipSeconds, "stitch input"));
        }

        string listPath = Path.Combine(root, "list.txt");
        await File.WriteAllTextAsync(listPath, string.Concat(paths.Select(p => $"file '{p.Replace("'", "'\\''", StringComparison.Ordinal)}'\n")), ct);

        // A reference output for the output-probe measurement (untimed), and an untimed warm-up of each path.
        string reference = Path.Combine(root, "reference.mp4");
        await PipelineMeasure.PlainConcatAsync(listPath, reference, ct);
        await PipelineMeasure.VerifyVideoAsync(probe, reference, expected, "plain concat");
        var warm = await stitcher.StitchAsync(new StitchRequest(paths, Path.Combine(outDir, "warm.mp4")), cancellationToken: ct);
        if (warm.NormalisedClipIndexes.Count != 0)
        {
            throw new InvalidOperationException("The stitcher re-wrote local clips; the comparison with a stream-copy concat would be unfair.");
        }

        File.Delete(warm.OutputPath);

        var stitch = new List<double>();
        var plain = new List<double>();
        var inputProbes = new List<double>();
        var outputProbe = new List<double>();
        var known = new List<double>();
        var steps = new Func<int, Task>[]
        {
            // VideoStitcher.StitchAsync as the StitchActivity calls it: no song, clip audio kept, and the probes FetchClip
            // stored with each clip (StitchRequest.ClipInfos), so the stitcher starts no ffprobe.
            async k =>
            {
                string output = Path.Combine(outDir, $"stitch-{k}.mp4");
                var clock = Stopwatch.StartNew();
                await stitcher.StitchAsync(new StitchRequest(paths, output, null, LoopSong: false, SuppressClipAudio: false, ClipInfos: infos), cancellationToken: ct);
                stitch.Add(clock.Elapsed.TotalSeconds);
                await PipelineMeasure.VerifyVideoAsync(probe, output, expected, "stitch");
                File.Delete(output);
            },
            async k =>
            {
                string output = Path.Combine(outDir, $"plain-{k}.mp4");
                plain.Add(await PipelineMeasure.PlainConcatAsync(listPath, output, ct));
                await PipelineMeasure.VerifyVideoAsync(probe, output, expected, "plain concat");
                File.Delete(output);
            },
            // The stitcher's probes alone: the distinct clips in parallel (as it does), then the one probe of its output.
            async _ =>
            {
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(paths.Select(p => probe.ProbeAsync(p, ct)));
                inputProbes.Add(clock.Elapsed.TotalSeconds);
                clock.Restart();
                await probe.ProbeAsync(reference, ct);
                outputProbe.Add(clock.Elapsed.TotalSeconds);
            },
            // The stitcher without known probes (it probes every clip itself), as /stitch-videos pays for foreign videos.
            async k =>
            {
                string output = Path.Combine(outDir, $"known-{k}.mp4");
                var clock = Stopwatch.StartNew();
                await stitcher.StitchAsync(new StitchRequest(paths, output), cancellationToken: ct);
                known.Add(clock.Elapsed.TotalSeconds);
                await PipelineMeasure.VerifyVideoAsync(probe, output, expected, "stitch probing its clips");
                File.Delete(output);
            },
        };

        for (int k = 0; k < StitchRuns; k++)
        {
            // Interleaved, with a rotating start so no variant always runs first (cold cache) or last.
            for (int j = 0; j < steps.Length; j++)
            {
                await steps[(k + j) % steps.Length](k);
            }
        }

        double s = PipelineMeasure.Median(stitch);
        double p = PipelineMeasure.Median(plain);
        double inProbe = PipelineMeasure.Median(inputProbes);
        double outProbe = PipelineMeasure.Median(outputProbe);
        double k2 = PipelineMeasure.Median(known);
        Log($"stitch {PipelineMeasure.List(stitch)}; plain {PipelineMeasure.List(plain)}; probes {PipelineMeasure.List(inputProbes)} + {PipelineMeasure.List(outputProbe)}; with ClipInfos {PipelineMeasure.List(known)}");
        results.Add("stitchSeconds", s, "s",
            $"median of {StitchRuns}: VideoStitcher.StitchAsync on {StitchClips} x {ClipSeconds} s {Aspect} local clips as StitchActivity calls it (probes stored at fetch time, ffconcat -c copy +faststart, duration from the MP4 header); runs {PipelineMeasure.List(stitch)}");
        results.Add("plainFfmpegConcatSeconds", p, "s",
            $"median of {StitchRuns}, interleaved: ffmpeg -f concat -safe 0 -i list.txt -c copy -movflags +faststart out.mp4 on the same clips; runs {PipelineMeasure.List(plain)}");
        results.Add("stitchVsFfmpegRatio", s / p, "x", "stitchSeconds / plainFfmpegConcatSeconds (goal <= 1.2)");
        results.Add("stitchProbingClipsSeconds", k2, "s", $"median of {StitchRuns}: the same stitch when it must probe every clip itself (foreign videos); runs {PipelineMeasure.List(known)}");
        results.Add("stitchProbingClipsVsFfmpegRatio", k2 / p, "x", "what a stitch of clips without stored probes costs relative to plain concat");
        results.Add("ffprobeSecondsPerRun", inProbe, "s", string.Create(CultureInfo.InvariantCulture,
            $"{StitchClips} ffprobe runs in parallel {inProbe:0.000} s; one probe of the output {outProbe:0.000} s (why the stitcher avoids them)"));

        await PipelineStores.StitchOnStoresAsync(results, Path.Combine(root, "stores"), paths, infos, expected, StitchRuns, ct);
    }

    // ---- clipRenderRealtimeFactor, clipRenderRealtimeFactorParallel ---------------------------------------------------

    static async Task ClipRenderAsync(BenchmarkResults results, string root, CancellationToken ct)
    {
        var probe = new MediaProbe(new FfmpegRunner());
        var single = new List<double>();
        var singleFfmpeg = new List<double>();
        var parallel = new List<double>();
        for (int k = 0; k < RenderRuns; k++)
        {
            var (wall, ffmpeg) = await RenderOnceAsync(Path.Combine(root, $"single-{k}"), 1, 600 + (10 * k), probe, ct);
            single.Add(wall);
            singleFfmpeg.Add(ffmpeg);
        }

        for (int k = 0; k < RenderRuns; k++)
        {
            var (wall, _) = await RenderOnceAsync(Path.Combine(root, $"parallel-{k}"), ParallelClips, 700 + (10 * k), probe, ct);
            parallel.Add(wall);
        }

        Log($"render alone {PipelineMeasure.List(single)} s (ffmpeg {PipelineMeasure.List(singleFfmpeg)}); {ParallelClips} at once {PipelineMeasure.List(parallel)} s");
        double one = PipelineMeasure.Median(single);
        double many = PipelineMeasure.Median(parallel);
        results.Add("clipRenderRealtimeFactor", ClipSeconds / one, "x",
            string.Create(CultureInfo.InvariantCulture,
                $"video s per wall s, one {ClipSeconds} s {Aspect} clip alone, submit -> success seen (10 ms polls), median of {RenderRuns} ({one:0.00} s; ffmpeg alone {PipelineMeasure.Median(singleFfmpeg):0.00} s) (goal >= 2)"));
        results.Add("clipRenderRealtimeFactorParallel", ParallelClips * ClipSeconds / many, "x",
            string.Create(CultureInfo.InvariantCulture,
                $"{ParallelClips} clips submitted at once, total video s / wall s, median of {RenderRuns} ({many:0.00} s); MaxConcurrentRenders = {Environment.ProcessorCount} (default), so {Math.Min(ParallelClips, Environment.ProcessorCount)} render at a time"));
    }

    static async Task<(double Wall, double MeanFfmpeg)> RenderOnceAsync(string folder, int count, int seed, MediaProbe probe, CancellationToken ct)
    {
        try
        {
            var options = new LocalProviderOptions { WorkDirectory = folder };
            using var generator = new LocalClipGenerator(options);
            var requests = Enumerable.Range(0, count)
                .Select(i => new ClipRequest($"Render benchmark scene {seed + i}: a dancer spins under a mirror ball", Aspect, ClipSeconds, null, seed + i))
                .ToList();
            var (wall, jobIds) = await PipelineMeasure.RenderClipsAsync(generator, requests, ct);
            foreach (string id in jobIds)
            {
                await PipelineMeasure.VerifyVideoAsync(probe, Path.Combine(generator.JobsDirectory, id, "output.mp4"), ClipSeconds, "rendered clip");
            }

            var renders = PipelineMeasure.ReadRenders(folder);
            return (wall, jobIds.Average(id => renders[id].RenderSeconds));
        }
        finally
        {
            PipelineMeasure.TryDeleteDirectory(folder);
        }
    }

    static void Log(string message) => Console.Error.WriteLine($"[pipeline {DateTime.Now:HH:mm:ss}] {message}");

    static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b);
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
