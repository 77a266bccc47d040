using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MusicVideo.Core.Media;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;

namespace MusicVideo.Bench;

/// <summary>Small helpers of the pipeline suite: medians, output checks, the provider's job records, plain ffmpeg.</summary>
static class PipelineMeasure
{
    /// <summary>How far a probed duration may be from the expected one (the clips are cut at exact frame counts).</summary>
    public const double DurationTolerance = 0.5;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string List(IEnumerable<double> values) =>
        string.Join(", ", values.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)));

    /// <summary>Probes a produced video and fails when it is missing, has no video stream or has the wrong duration.</summary>
    public static async Task<MediaInfo> VerifyVideoAsync(MediaProbe probe, string? path, double expectedSeconds, string what)
    {
        if (path is null || !File.Exists(path))
        {
            throw new InvalidOperationException($"{what}: the output file '{path}' does not exist.");
        }

        var info = await probe.ProbeAsync(path);
        if (info.Video is null)
        {
            throw new InvalidOperationException($"{what}: '{path}' has no video stream.");
        }

        if (Math.Abs(info.DurationSeconds - expectedSeconds) > DurationTolerance)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"{what}: '{path}' lasts {info.DurationSeconds:0.###} s, expected {expectedSeconds} s."));
        }

        return info;
    }

    /// <summary>The local provider's record of a finished render: when the job folder appeared and when done.json was written.</summary>
    public sealed record RenderRecord(string JobId, DateTime SubmittedAtUtc, DateTime CompletedAtUtc, double RenderSeconds);

    /// <summary>Reads every finished job under a local provider work folder (<c>{work}/local-clips/{jobId}/done.json</c>).</summary>
    public static IReadOnlyDictionary<string, RenderRecord> ReadRenders(string providerWorkDirectory)
    {
        var result = new Dictionary<string, RenderRecord>(StringComparer.Ordinal);
        string root = Path.Combine(providerWorkDirectory, "local-clips");
        if (!Directory.Exists(root))
        {
            return result;
        }

        foreach (string dir in Directory.EnumerateDirectories(root))
        {
            string done = Path.Combine(dir, "done.json");
            if (!File.Exists(done))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(File.ReadAllText(done));
            var completed = doc.RootElement.GetProperty("completed_at").GetDateTime().ToUniversalTime();
            double render = doc.RootElement.GetProperty("render_seconds").GetDouble();
            var submitted = File.GetLastWriteTimeUtc(Path.Combine(dir, "request.json"));
            string id = Path.GetFileName(dir);
            result[id] = new RenderRecord(id, submitted, completed, render);
        }

        return result;
    }

    /// <summary>Submits clips to a local generator, polls tightly (10 ms) until all are done and returns the wall time.</summary>
    public static async Task<(double Seconds, IReadOnlyList<string> JobIds)> RenderClipsAsync(
        LocalClipGenerator generator, IReadOnlyList<ClipRequest> requests, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var jobs = await Task.WhenAll(requests.Select(r => generator.SubmitAsync(r, Guid.NewGuid().ToString("N"), cancellationToken)));
        var pending = jobs.Select(j => j.JobId).ToHashSet(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            foreach (string id in pending.ToArray())
            {
                var status = await generator.PollAsync(id, cancellationToken);
                if (status.State == ProviderJobState.Failed)
                {
                    throw new InvalidOperationException($"Local clip job {id} failed: {status.Error}");
                }

                if (status.State == ProviderJobState.Succeeded)
                {
                    pending.Remove(id);
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(10, cancellationToken);
            }
        }

        return (clock.Elapsed.TotalSeconds, jobs.Select(j => j.JobId).ToArray());
    }

    /// <summary>Runs the reference command <c>ffmpeg -f concat -safe 0 -i list.txt -c copy -movflags +faststart out.mp4</c>.</summary>
    /// <remarks>Only flags that change no work are added: no banner, no stdin, errors only, overwrite.</remarks>
    public static async Task<double> PlainConcatAsync(string listPath, string outputPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                     "-f", "concat", "-safe", "0", "-i", listPath, "-c", "copy", "-movflags", "+faststart", outputPath])
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg could not be started.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(stderr, stdout);
        double seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"plain ffmpeg concat failed ({process.ExitCode}): {await stderr}");
        }

        return seconds;
    }

    public static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
