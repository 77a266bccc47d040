using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace MusicVideo.Server.Tests.Infrastructure;

/// <summary>What ffprobe says about a media file.</summary>
sealed record ProbeResult(double DurationSeconds, IReadOnlyList<(int Width, int Height)> VideoStreams, int AudioStreams, string FormatName);

/// <summary>ffprobe checks and small media made with ffmpeg (argument lists, no shell).</summary>
static class MediaTools
{
    const string Ffmpeg = "/usr/bin/ffmpeg";
    const string Ffprobe = "/usr/bin/ffprobe";

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>Probes bytes (written to a temporary file) with ffprobe -show_streams -show_format.</summary>
    public static async Task<ProbeResult> ProbeAsync(byte[] bytes)
    {
        string file = Path.Combine(Path.GetTempPath(), "mv-probe-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            string json = await RunAsync(Ffprobe, ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", file]);
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var streams = root.GetProperty("streams").EnumerateArray().ToList();
            var video = streams.Where(s => s.GetProperty("codec_type").GetString() == "video")
                .Select(s => (s.GetProperty("width").GetInt32(), s.GetProperty("height").GetInt32()))
                .ToList();
            int audio = streams.Count(s => s.GetProperty("codec_type").GetString() == "audio");
            var format = root.GetProperty("format");
            double duration = format.TryGetProperty("duration", out var d) ? double.Parse(d.GetString()!, CultureInfo.InvariantCulture) : 0;
            return new ProbeResult(duration, video, audio, format.GetProperty("format_name").GetString()!);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Makes an MP3 sine tone of the given length (a small "song").</summary>
    public static async Task<byte[]> MakeSongAsync(double seconds, int frequency = 440)
    {
        string file = Path.Combine(Path.GetTempPath(), $"mv-song-{Guid.NewGuid():N}.mp3");
        try
        {
            await RunAsync(Ffmpeg, [
                "-v", "error", "-y", "-f", "lavfi", "-i",
                string.Create(CultureInfo.InvariantCulture, $"sine=frequency={frequency}:duration={seconds}"),
                "-ac", "2", "-c:a", "libmp3lame", "-b:a", "96k", file,
            ]);
            return await File.ReadAllBytesAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Makes a small PNG image (for uploads as character reference).</summary>
    /// <summary>Makes an uncompressed 44.1 kHz stereo WAV of the given length (~10.6 MB per minute: a large upload that is still a real song).</summary>
    public static async Task<byte[]> MakeWavAsync(double seconds)
    {
        string file = Path.Combine(Path.GetTempPath(), $"mv-song-{Guid.NewGuid():N}.wav");
        try
        {
            await RunAsync(Ffmpeg, [
                "-v", "error", "-y", "-f", "lavfi", "-i",
                string.Create(CultureInfo.InvariantCulture, $"sine=frequency=220:duration={seconds}"),
                "-ac", "2", "-ar", "44100", "-c:a", "pcm_s16le", file,
            ]);
            return await File.ReadAllBytesAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static async Task<byte[]> MakePngAsync(int width = 256, int height = 256)
    {
        string file = Path.Combine(Path.GetTempPath(), $"mv-image-{Guid.NewGuid():N}.png");
        try
        {
            await RunAsync(Ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:duration=1", "-frames:v", "1", file]);
            return await File.ReadAllBytesAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    static async Task<string> RunAsync(string executable, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + executable);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} exited {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}
