using System.Globalization;
using MusicVideo.Core.Media;
using MusicVideo.Core.Providers;

namespace MusicVideo.Core.Tests.TestSupport;

/// <summary>Real ffmpeg helpers for tests: synthetic clips and songs, probing, MP4 atom reading.</summary>
public static class MediaTestSupport
{
    public static readonly FfmpegRunner Runner = new();
    public static readonly MediaProbe Probe = new(Runner);

    /// <summary>Makes a small H.264 clip with lavfi (testsrc2 + sine) at the given size, rate and length.</summary>
    public static async Task<string> MakeClipAsync(
        string path, int width, int height, int fps, double seconds, bool withAudio = true, int sampleRate = 48000, int channels = 2)
    {
        var inv = CultureInfo.InvariantCulture;
        var args = new List<string>
        {
            "-f", "lavfi", "-i", string.Create(inv, $"testsrc2=s={width}x{height}:r={fps}:d={seconds}"),
        };
        if (withAudio)
        {
            args.AddRange(["-f", "lavfi", "-i", string.Create(inv, $"sine=f=440:sample_rate={sampleRate}:d={seconds}")]);
        }

        args.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]);
        if (withAudio)
        {
            args.AddRange(["-c:a", "aac", "-ac", channels.ToString(inv), "-ar", sampleRate.ToString(inv)]);
        }

        args.AddRange(["-t", seconds.ToString(inv), path]);
        await Runner.RunFfmpegAsync(args);
        return path;
    }

    /// <summary>Makes a song (sine) in the container implied by the extension.</summary>
    public static async Task<string> MakeSongAsync(string path, double seconds, params string[] codecArgs)
    {
        var inv = CultureInfo.InvariantCulture;
        var args = new List<string> { "-f", "lavfi", "-i", string.Create(inv, $"sine=f=330:sample_rate=44100:d={seconds}") };
        args.AddRange(codecArgs);
        args.Add(path);
        await Runner.RunFfmpegAsync(args);
        return path;
    }

    /// <summary>The top-level MP4 box types in file order.</summary>
    public static List<string> TopLevelAtoms(string path)
    {
        var atoms = new List<string>();
        using var stream = System.IO.File.OpenRead(path);
        var header = new byte[16];
        long position = 0;
        while (position < stream.Length)
        {
            stream.Position = position;
            if (stream.Read(header, 0, 8) < 8)
            {
                break;
            }

            long size = ((long)header[0] << 24) | ((long)header[1] << 16) | ((long)header[2] << 8) | header[3];
            var type = System.Text.Encoding.ASCII.GetString(header, 4, 4);
            if (size == 1)
            {
                stream.ReadExactly(header, 8, 8);
                size = 0;
                for (var i = 8; i < 16; i++)
                {
                    size = (size << 8) | header[i];
                }
            }
            else if (size == 0)
            {
                size = stream.Length - position;
            }

            atoms.Add(type);
            position += size;
        }

        return atoms;
    }

    /// <summary>Polls a job until it is terminal or the timeout passes.</summary>
    public static async Task<ProviderJobStatus> WaitAsync(Func<Task<ProviderJobStatus>> poll, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var status = await poll();
            if (status.IsTerminal)
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job still {status.State} after the timeout.");
            }

            await Task.Delay(50);
        }
    }
}
