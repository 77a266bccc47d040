using System.Diagnostics;

namespace MusicVideo.ProviderStandIns;

/// <summary>Real media for stand-ins to serve, made once per process with ffmpeg: a PNG and an H.264/AAC MP4.</summary>
public static class StandInMedia
{
    static readonly Lazy<Task<string>> Folder = new(CreateAsync);
    static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<Task<byte[]>>> ClipsBySeconds = new();

    /// <summary>A 512×512 PNG.</summary>
    public static async Task<byte[]> PngAsync() => await File.ReadAllBytesAsync(Path.Combine(await Folder.Value.ConfigureAwait(false), "image.png")).ConfigureAwait(false);

    /// <summary>A 4-second 1280×720 24 fps H.264 + AAC MP4 (what Veo on Replicate returns, at a smaller size).</summary>
    public static async Task<byte[]> Mp4Async() => await File.ReadAllBytesAsync(Path.Combine(await Folder.Value.ConfigureAwait(false), "clip.mp4")).ConfigureAwait(false);

    /// <summary>A 1280×720 24 fps H.264 + AAC MP4 of the given whole seconds, its 48 kHz audio exactly as long as its video.</summary>
    public static Task<byte[]> Mp4Async(int seconds) =>
        ClipsBySeconds.GetOrAdd(seconds, s => new Lazy<Task<byte[]>>(() => CreateClipAsync(s))).Value;

    static async Task<byte[]> CreateClipAsync(int seconds)
    {
        string path = Path.Combine(await Folder.Value.ConfigureAwait(false), $"clip-{seconds}s.mp4");
        string length = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await RunAsync(
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=24", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", length, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2",
            "-movflags", "+faststart", path).ConfigureAwait(false);
        return await File.ReadAllBytesAsync(path).ConfigureAwait(false);
    }

    static async Task<string> CreateAsync()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mv-standin-media-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        await RunAsync("-f", "lavfi", "-i", "testsrc2=size=512x512:rate=1", "-frames:v", "1", Path.Combine(folder, "image.png")).ConfigureAwait(false);
        await RunAsync(
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=24", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", "-shortest",
            "-movflags", "+faststart", Path.Combine(folder, "clip.mp4")).ConfigureAwait(false);
        return folder;
    }

    static async Task RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { "-hide_banner", "-loglevel", "error", "-y" }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg could not be started.");
        string errors = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg failed making stand-in media: " + errors);
        }
    }
}
