using System.Diagnostics;
using System.Globalization;
using MusicVideo.Core.Media;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;

namespace MusicVideo.Bench;

/// <summary>The stitch step alone: local clips (video copied) with clip audio, with a song, video only, and a mixed set that must be re-encoded.</summary>
static class StitchBenchmark
{
    const int Clips = 8;
    const int ClipSeconds = 8;
    const int Runs = 5;
    const int MixedRuns = 2;

    public static async Task<BenchmarkResults> RunAsync(CancellationToken ct = default)
    {
        var results = new BenchmarkResults("stitch");
        string root = Path.Combine(Path.GetTempPath(), "mv-bench-stitch-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var runner = new FfmpegRunner();
            var probe = new MediaProbe(runner);
            var stitcher = new VideoStitcher(runner);
            var paths = new List<string>();
            using (var generator = new LocalClipGenerator(new LocalProviderOptions { WorkDirectory = Path.Combine(root, "providers") }))
            {
                var requests = Enumerable.Range(0, Clips)
                    .Select(i => new ClipRequest($"Stitch benchmark scene {i + 1}: a slow pan across a rain-soaked neon street", "16:9", ClipSeconds, null, 500 + i))
                    .ToList();
                var (_, jobIds) = await PipelineMeasure.RenderClipsAsync(generator, requests, ct);
                for (int i = 0; i < jobIds.Count; i++)
                {
                    string path = Path.Combine(root, $"clip{i:D2}.mp4");
                    await generator.FetchAsync(jobIds[i], path, ct);
                    paths.Add(path);
                }
            }

            // A foreign clip as a real model returns it: 1080p, 30 fps, BT.601 tags, 44.1 kHz mono audio.
            string foreign = Path.Combine(root, "foreign.mp4");
            await runner.RunFfmpegAsync([
                "-f", "lavfi", "-i", $"testsrc2=s=1920x1080:r=30:d={ClipSeconds}", "-f", "lavfi", "-i", $"sine=f=500:sample_rate=44100:d={ClipSeconds}",
                "-vf", "setparams=colorspace=smpte170m:color_primaries=smpte170m:color_trc=smpte170m", "-c:v", "libx264", "-preset", "veryfast",
                "-c:a", "aac", "-ac", "1", "-t", ClipSeconds.ToString(CultureInfo.InvariantCulture), foreign,
            ], null, null, ct);
            string song = Path.Combine(root, "song.m4a");
            await runner.RunFfmpegAsync(["-f", "lavfi", "-i", $"sine=f=330:sample_rate=44100:d={Clips * ClipSeconds + 5}", "-c:a", "aac", song], null, null, ct);

            var infos = new List<MediaInfo>();
            foreach (string path in paths)
            {
                infos.Add(await probe.ProbeAsync(path, ct));
            }

            await MeasureProbesAsync(results, probe, paths[0], ct);
            string list = Path.Combine(root, "list.txt");
            await File.WriteAllTextAsync(list, string.Concat(paths.Select(p => $"file '{p}'\n")), ct);
            var mixed = paths.Take(Clips - 1).Append(foreign).ToList();
            double expected = Clips * ClipSeconds;

            var variants = new (string Key, string Note, int Runs, Func<string, Task<StitchResult?>> Run)[]
            {
                ("clipAudioSeconds", "no song, clip audio kept (as StitchActivity without a song): video copied, audio packets copied without each clip's priming frame", Runs,
                    o => Stitch(new StitchRequest(paths, o, ClipInfos: infos))),
                ("songSeconds", "AAC song laid under the clips: video and song copied", Runs,
                    o => Stitch(new StitchRequest(paths, o, song, ClipInfos: infos))),
                ("videoOnlySeconds", "clip audio suppressed, no song: video copied", Runs,
                    o => Stitch(new StitchRequest(paths, o, SuppressClipAudio: true, ClipInfos: infos))),
                ("plainConcatSeconds", "ffmpeg -f concat -c copy -movflags +faststart (audio copied with its gaps)", Runs,
                    async o => { await PipelineMeasure.PlainConcatAsync(list, o, ct); return null; }),
                ("mixedSeconds", $"{Clips - 1} local clips + 1 foreign 1080p30 BT.601 clip: only the foreign clip re-encoded (local clips share its encoding); clip audio decoded and encoded once", MixedRuns,
                    o => Stitch(new StitchRequest(mixed, o))),
            };

            async Task<StitchResult?> Stitch(StitchRequest request) => await stitcher.StitchAsync(request, cancellationToken: ct);

            var times = variants.ToDictionary(v => v.Key, _ => new List<double>());
            var normalised = new Dictionary<string, int>();
            var audioCopied = new Dictionary<string, bool>();
            for (int k = 0; k < Runs; k++)
            {
                for (int j = 0; j < variants.Length; j++)
                {
                    var v = variants[(k + j) % variants.Length];
                    if (k >= v.Runs)
                    {
                        continue;
                    }

                    string output = Path.Combine(root, $"{v.Key}-{k}.mp4");
                    var clock = Stopwatch.StartNew();
                    var result = await v.Run(output);
                    times[v.Key].Add(clock.Elapsed.TotalSeconds);
                    normalised[v.Key] = result?.NormalisedClipIndexes.Count ?? 0;
                    audioCopied[v.Key] = result?.ClipAudioCopied ?? false;
                    await PipelineMeasure.VerifyVideoAsync(probe, output, expected, v.Key);
                    File.Delete(output);
                }
            }

            foreach (var v in variants)
            {
                results.Add(v.Key, PipelineMeasure.Median(times[v.Key]), "s",
                    $"median of {v.Runs}, {Clips} x {ClipSeconds} s 16:9 clips; {v.Note}; clips re-encoded {normalised[v.Key]}; clip audio copied {(audioCopied[v.Key] ? "yes" : "no")}; runs {PipelineMeasure.List(times[v.Key])}");
            }

            results.Add("ffprobeVsInProcessCpuRatio", results["probeFfprobeCpuSeconds"] * 1e6 / results["probeInProcessCpuMicroseconds"], "x", "how much more CPU ffprobe costs per probe than the in-process read");
            results.Add("clipAudioVsPlainRatio", results["clipAudioSeconds"] / results["plainConcatSeconds"], "x", "the price of gapless clip audio");
            results.Add("songVsPlainRatio", results["songSeconds"] / results["plainConcatSeconds"], "x", "the song path stays a stream copy");
            return results;
        }
        finally
        {
            PipelineMeasure.TryDeleteDirectory(root);
        }
    }

    // The probe the fetch step runs on every clip, in-process and with ffprobe, one after another on the same file: wall time
    // and CPU (ours for the reader; reaped children's from /proc/self/stat for ffprobe).
    static async Task MeasureProbesAsync(BenchmarkResults results, MediaProbe probe, string clip, CancellationToken ct)
    {
        const int ProbeRuns = 40;
        if (Mp4Probe.TryRead(clip) != await probe.ProbeWithFfprobeAsync(clip, ct))
        {
            throw new InvalidOperationException("The in-process probe disagrees with ffprobe on a local clip.");
        }

        var inProcess = new List<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < ProbeRuns * 10; i++)
        {
            var clock = Stopwatch.StartNew();
            _ = Mp4Probe.TryRead(clip) ?? throw new InvalidOperationException("The in-process probe declined a local clip.");
            inProcess.Add(clock.Elapsed.TotalSeconds);
        }

        double inProcessCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / (ProbeRuns * 10);
        var ffprobe = new List<double>();
        double childCpu = ChildCpuSeconds();
        for (int i = 0; i < ProbeRuns; i++)
        {
            var clock = Stopwatch.StartNew();
            await probe.ProbeWithFfprobeAsync(clip, ct);
            ffprobe.Add(clock.Elapsed.TotalSeconds);
        }

        double ffprobeCpu = (ChildCpuSeconds() - childCpu) / ProbeRuns;
        results.Add("probeFfprobeSeconds", PipelineMeasure.Median(ffprobe), "s", $"median of {ProbeRuns}: ffprobe -show_streams -show_format -show_data_hash CRC32 of one 8 s local clip");
        results.Add("probeInProcessMicroseconds", PipelineMeasure.Median(inProcess) * 1e6, "µs", $"median of {ProbeRuns * 10}: Mp4Probe.TryRead of the same clip (the same MediaInfo)");
        results.Add("probeFfprobeCpuSeconds", ffprobeCpu, "s", "CPU per ffprobe run (user + system of the child)");
        results.Add("probeInProcessCpuMicroseconds", inProcessCpu * 1e6, "µs", "CPU per in-process read (this process, all threads)");
    }

    // cutime and cstime (reaped children's user and system time) are fields 16 and 17 of /proc/self/stat, in clock ticks of 1/100 s.
    static double ChildCpuSeconds()
    {
        var fields = File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }
}
