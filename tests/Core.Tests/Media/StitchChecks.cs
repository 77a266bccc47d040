using System.Diagnostics;
using System.Globalization;
using MusicVideo.Core.Media;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Media;

/// <summary>What a user checks on a stitched file, measured with real ffmpeg: decode errors, colour tags and audio gaps at the cuts.</summary>
internal static class StitchChecks
{
    public const int PcmRate = 48000;

    /// <summary>Runs exactly <c>ffmpeg -v error -i out.mp4 -f null -</c> and returns what it printed (empty when the file decodes cleanly).</summary>
    public static async Task<string> DecodeErrorsAsync(string path)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-nostdin", "-v", "error", "-i", path, "-f", "null", "-" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (await stderr + await stdout).Trim() + (process.ExitCode == 0 ? "" : $" (exit {process.ExitCode})");
    }

    /// <summary>The colour tags ffprobe reports for the first video stream: space, transfer, primaries, range.</summary>
    public static async Task<string> ColourTagsAsync(string path)
    {
        var result = await MediaTestSupport.Runner.RunFfprobeAsync(
            ["-select_streams", "v:0", "-show_entries", "stream=color_space,color_transfer,color_primaries,color_range", "-of", "default=nw=1", path]);
        var tags = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal);
        return string.Join(",", tags);
    }

    /// <summary>One frame at a time, decoded as its tags say and shrunk to 32x18 RGB (the colours a viewer sees).</summary>
    public static async Task<byte[]> RgbThumbnailAsync(string path, double seconds)
    {
        var raw = Path.Combine(Path.GetTempPath(), "mv-core-tests", $"thumb-{Guid.NewGuid():N}.rgb");
        Directory.CreateDirectory(Path.GetDirectoryName(raw)!);
        await MediaTestSupport.Runner.RunFfmpegAsync([
            "-i", path, "-ss", seconds.ToString("0.###", CultureInfo.InvariantCulture), "-frames:v", "1",
            "-vf", "scale=32:18:flags=area,format=rgb24", "-f", "rawvideo", raw,
        ]);
        var bytes = await File.ReadAllBytesAsync(raw);
        File.Delete(raw);
        return bytes;
    }

    /// <summary>The mean absolute difference of two same-sized RGB thumbnails, in 8-bit levels.</summary>
    public static double MeanDifference(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum / a.Length;
    }

    /// <summary>The clip audio decoded to 48 kHz mono 16-bit samples.</summary>
    public static async Task<short[]> DecodeMonoPcmAsync(string path)
    {
        var pcm = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + ".pcm");
        await MediaTestSupport.Runner.RunFfmpegAsync(["-i", path, "-map", "0:a:0", "-ac", "1", "-ar", PcmRate.ToString(CultureInfo.InvariantCulture), "-f", "s16le", pcm]);
        var bytes = await File.ReadAllBytesAsync(pcm);
        File.Delete(pcm);
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
        return samples;
    }

    /// <summary>The longest run of near-silent samples (|x| below the threshold) that touches the window around a time, in seconds.</summary>
    /// <remarks>A continuous tone crosses zero for a sample or two; a priming gap or a missing stretch is hundreds of samples.</remarks>
    public static double LongestQuietRunNear(short[] samples, double seconds, double window = 0.25, int threshold = 200)
    {
        var from = Math.Max(0, (int)((seconds - window) * PcmRate));
        var to = Math.Min(samples.Length, (int)((seconds + window) * PcmRate));
        int longest = 0;
        int run = 0;
        // A run that started before the window still counts in full: walk back to its start.
        var i = from;
        while (i > 0 && Math.Abs((int)samples[i - 1]) < threshold)
        {
            i--;
        }

        for (; i < samples.Length && (i < to || run > 0); i++)
        {
            if (Math.Abs((int)samples[i]) < threshold)
            {
                run++;
                longest = Math.Max(longest, run);
            }
            else
            {
                run = 0;
            }
        }

        return longest / (double)PcmRate;
    }

    /// <summary>The cut times: the running sum of the clips' video durations.</summary>
    public static async Task<List<double>> CutTimesAsync(IEnumerable<string> clips)
    {
        var cuts = new List<double>();
        double t = 0;
        foreach (var clip in clips)
        {
            var info = await MediaTestSupport.Probe.ProbeAsync(clip);
            t += info.Video!.DurationSeconds ?? info.DurationSeconds;
            cuts.Add(t);
        }

        cuts.RemoveAt(cuts.Count - 1);
        return cuts;
    }

    /// <summary>Encodes a clip from testsrc2 and a continuous 440 Hz tone with the given extra ffmpeg output arguments.</summary>
    public static async Task<string> MakeAsync(
        string path, double seconds, string size = "1280x720", int fps = 24, bool audio = true, int sampleRate = 48000, int channels = 2,
        string? videoFilter = null, params string[] videoArgs)
    {
        var inv = CultureInfo.InvariantCulture;
        var args = new List<string> { "-f", "lavfi", "-i", string.Create(inv, $"testsrc2=s={size}:r={fps}:d={seconds}") };
        if (audio)
        {
            args.AddRange(["-f", "lavfi", "-i", string.Create(inv, $"sine=f=440:sample_rate={sampleRate}:d={seconds + 1}")]);
        }

        args.AddRange(["-map", "0:v"]);
        if (videoFilter is not null)
        {
            args.AddRange(["-vf", videoFilter]);
        }

        args.AddRange(videoArgs);
        if (audio)
        {
            args.AddRange(["-map", "1:a", "-c:a", "aac", "-b:a", "128k", "-ar", sampleRate.ToString(inv), "-ac", channels.ToString(inv)]);
        }

        args.AddRange(["-t", seconds.ToString(inv), path]);
        await MediaTestSupport.Runner.RunFfmpegAsync(args);
        return path;
    }
}
