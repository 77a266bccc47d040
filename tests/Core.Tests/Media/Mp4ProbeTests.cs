using MusicVideo.Core.Media;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Media;

/// <summary>The in-process MP4 reader gives exactly what ffprobe gives, or nothing, so callers fall back to ffprobe.</summary>
public sealed class Mp4ProbeTests : IClassFixture<Mp4ProbeTests.Files>
{
    const string Bt709 = "setparams=range=tv:color_primaries=bt709:color_trc=bt709:colorspace=bt709";
    static readonly string[] Canonical = [.. ClipEncoding.VideoArguments(24), "-video_track_timescale", "12288"];
    readonly Files _files;

    public Mp4ProbeTests(Files files)
    {
        _files = files;
    }

    public static TheoryData<string> ReadInProcess =>
    [
        "local", "canonical", "bframes-untagged-ntsc-mono", "main-level-4", "full-range-smpte170m", "no-audio", "anamorphic",
        "1080p-cropped", "odd-length", "faststart", "baseline", "no-edit-list", "25fps-44k", "bt2020-pq", "bt2020-hlg", "bt2020-10-transfer",
        "bt470bg-srgb",
    ];

    public static TheoryData<string> LeftToFfprobe =>
    [
        "variable-frame-rate", "audio-priming-without-edit-list", "10-bit", "4:2:2", "interlaced", "mpeg4-part-2", "fragmented", "two-audio-tracks", "mp3-audio", "subtitles",
    ];

    [Theory]
    [MemberData(nameof(ReadInProcess))]
    public async Task Reads_every_field_ffprobe_reports(string name)
    {
        var path = await _files.GetAsync(name);
        var expected = await MediaTestSupport.Probe.ProbeWithFfprobeAsync(path);

        var actual = Mp4Probe.TryRead(path);

        Assert.NotNull(actual);
        Assert.Equal(expected.Video, actual.Video);
        Assert.Equal(expected.Audio, actual.Audio);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(LeftToFfprobe))]
    public async Task Leaves_what_it_cannot_read_exactly_to_ffprobe(string name)
    {
        var path = await _files.GetAsync(name);

        Assert.Null(Mp4Probe.TryRead(path));
        // The probe callers use still answers, through ffprobe.
        Assert.Equal(await MediaTestSupport.Probe.ProbeWithFfprobeAsync(path), await MediaTestSupport.Probe.ProbeAsync(path));
    }

    [Fact]
    public async Task Files_that_are_not_mp4_or_are_cut_short_are_left_to_ffprobe()
    {
        using var dir = new TempDirectory();
        var text = dir.File("text.mp4");
        await File.WriteAllTextAsync(text, "not a video at all, but long enough to hold a box header");
        var source = await _files.GetAsync("canonical");
        var cut = dir.File("cut.mp4");
        var bytes = await File.ReadAllBytesAsync(source);
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length - 200)]); // the moov box is at the end
        var empty = dir.File("empty.mp4");
        await File.WriteAllBytesAsync(empty, []);

        Assert.Null(Mp4Probe.TryRead(text));
        Assert.Null(Mp4Probe.TryRead(cut));
        Assert.Null(Mp4Probe.TryRead(empty));
        await Assert.ThrowsAsync<FfmpegException>(() => MediaTestSupport.Probe.ProbeAsync(cut));
    }

    [Fact]
    public async Task A_damaged_movie_box_never_throws()
    {
        using var dir = new TempDirectory();
        var bytes = await File.ReadAllBytesAsync(await _files.GetAsync("canonical"));
        var moov = bytes[(bytes.AsSpan().IndexOf("moov"u8) - 4)..]; // the last box; the reader needs nothing else
        var random = new Random(20261202);
        var damaged = dir.File("damaged.mp4");
        int read = 0;
        for (int i = 0; i < 3000; i++)
        {
            var copy = (byte[])moov.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
            }

            await File.WriteAllBytesAsync(damaged, copy);
            read += Mp4Probe.TryRead(damaged) is null ? 0 : 1; // null or a result; never an exception the fetch step would not expect
        }

        Assert.InRange(read, 1, 2999); // some damage is harmless (a tag byte), some is not
    }

    /// <summary>One file per case, encoded on first use by real ffmpeg (and the local renderer).</summary>
    public sealed class Files : IDisposable
    {
        readonly TempDirectory _dir = new();
        readonly Dictionary<string, Task<string>> _made = new(StringComparer.Ordinal);

        public Task<string> GetAsync(string name)
        {
            lock (_made)
            {
                if (!_made.TryGetValue(name, out var task))
                {
                    task = MakeAsync(name, _dir.File(name.Replace(':', '-') + ".mp4"));
                    _made[name] = task;
                }

                return task;
            }
        }

        public void Dispose() => _dir.Dispose();

        async Task<string> MakeAsync(string name, string path)
        {
            switch (name)
            {
                case "local":
                    return await LocalClipAsync(path);
                case "canonical":
                    return await StitchChecks.MakeAsync(path, 2, videoFilter: Bt709, videoArgs: Canonical);
                case "bframes-untagged-ntsc-mono":
                    await RunAsync(
                        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=30000/1001:d=2", "-f", "lavfi", "-i", "sine=f=440:sample_rate=44100:d=3",
                        "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "3", "-x264-params", "b-adapt=0",
                        "-c:a", "aac", "-ac", "1", "-t", "2", path);
                    return path;
                case "main-level-4":
                    return await StitchChecks.MakeAsync(path, 1.5, videoFilter: Bt709, videoArgs: [.. Canonical, "-profile:v", "main", "-level:v", "4.0"]);
                case "full-range-smpte170m":
                    return await StitchChecks.MakeAsync(
                        path, 1.5, videoFilter: "setparams=range=pc:color_primaries=smpte170m:color_trc=smpte170m:colorspace=smpte170m", videoArgs: Canonical);
                case "no-audio":
                    return await StitchChecks.MakeAsync(path, 1.5, audio: false, videoFilter: Bt709, videoArgs: Canonical);
                case "anamorphic":
                    return await StitchChecks.MakeAsync(path, 1.5, size: "960x720", videoFilter: "setsar=4/3," + Bt709, videoArgs: Canonical);
                case "1080p-cropped":
                    return await StitchChecks.MakeAsync(path, 1, size: "1920x1080", fps: 30, videoArgs: ["-c:v", "libx264", "-preset", "ultrafast"]);
                case "odd-length":
                    return await StitchChecks.MakeAsync(path, 2.37, sampleRate: 32000, videoFilter: Bt709, videoArgs: Canonical);
                case "faststart":
                    return await StitchChecks.MakeAsync(path, 1.5, videoFilter: Bt709, videoArgs: [.. Canonical, "-movflags", "+faststart"]);
                case "baseline":
                    return await StitchChecks.MakeAsync(path, 1, videoArgs: ["-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "baseline"]);
                case "no-edit-list":
                    // Video only: without an edit list ffmpeg stretches the first frame over AAC priming, and the timing is no longer uniform.
                    return await StitchChecks.MakeAsync(path, 1.5, audio: false, videoFilter: Bt709, videoArgs: [.. Canonical, "-use_editlist", "0"]);
                case "25fps-44k":
                    return await StitchChecks.MakeAsync(path, 1.2, fps: 25, sampleRate: 44100, videoArgs: ["-c:v", "libx264", "-preset", "veryfast"]);
                case "bt2020-pq":
                    return await StitchChecks.MakeAsync(
                        path, 1, videoFilter: "setparams=range=tv:color_primaries=bt2020:color_trc=smpte2084:colorspace=bt2020nc",
                        videoArgs: ["-c:v", "libx264", "-preset", "ultrafast"]);
                case "bt2020-hlg":
                case "bt2020-10-transfer":
                case "bt470bg-srgb":
                    var tags = name switch
                    {
                        "bt2020-hlg" => "color_primaries=bt2020:color_trc=arib-std-b67:colorspace=bt2020nc",
                        "bt2020-10-transfer" => "color_primaries=bt2020:color_trc=bt2020-10:colorspace=bt2020nc",
                        _ => "color_primaries=bt470bg:color_trc=iec61966-2-1:colorspace=bt470bg",
                    };
                    return await StitchChecks.MakeAsync(path, 1, videoFilter: "setparams=range=tv:" + tags, videoArgs: ["-c:v", "libx264", "-preset", "ultrafast"]);
                case "variable-frame-rate":
                    return await StitchChecks.MakeAsync(
                        path, 1.5, videoFilter: "select='not(eq(mod(n\\,5)\\,2))'," + Bt709, videoArgs: [.. Canonical, "-fps_mode", "vfr"]);
                case "audio-priming-without-edit-list":
                    return await StitchChecks.MakeAsync(path, 1.5, videoFilter: Bt709, videoArgs: [.. Canonical, "-use_editlist", "0"]);
                case "10-bit":
                    return await StitchChecks.MakeAsync(path, 1, videoArgs: ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le"]);
                case "4:2:2":
                    return await StitchChecks.MakeAsync(path, 1, videoArgs: ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv422p"]);
                case "interlaced":
                    return await StitchChecks.MakeAsync(path, 1, videoArgs: ["-c:v", "libx264", "-preset", "ultrafast", "-flags", "+ildct+ilme", "-x264-params", "tff=1"]);
                case "mpeg4-part-2":
                    return await StitchChecks.MakeAsync(path, 1, videoArgs: ["-c:v", "mpeg4"]);
                case "fragmented":
                    return await StitchChecks.MakeAsync(path, 1, videoFilter: Bt709, videoArgs: [.. Canonical, "-movflags", "frag_keyframe+empty_moov"]);
                case "two-audio-tracks":
                    await RunAsync(
                        "-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=1", "-f", "lavfi", "-i", "sine=d=1", "-map", "0:v", "-map", "1:a", "-map", "1:a",
                        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", path);
                    return path;
                case "mp3-audio":
                    await RunAsync(
                        "-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=1", "-f", "lavfi", "-i", "sine=d=1", "-map", "0:v", "-map", "1:a",
                        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "libmp3lame", path);
                    return path;
                case "subtitles":
                    var srt = path + ".srt";
                    await File.WriteAllTextAsync(srt, "1\n00:00:00,000 --> 00:00:00,900\nHello\n");
                    await RunAsync(
                        "-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=1", "-i", srt, "-map", "0:v", "-map", "1:s",
                        "-c:v", "libx264", "-preset", "ultrafast", "-c:s", "mov_text", path);
                    return path;
                default:
                    throw new ArgumentOutOfRangeException(nameof(name), name, "No such test file.");
            }
        }

        static Task RunAsync(params string[] args) => MediaTestSupport.Runner.RunFfmpegAsync(args);

        async Task<string> LocalClipAsync(string path)
        {
            using var generator = new LocalClipGenerator(new LocalProviderOptions { WorkDirectory = _dir.File("providers") });
            var job = await generator.SubmitAsync(new ClipRequest("A probe test: neon rain", "16:9", 4, Seed: 7), "probe");
            var status = await MediaTestSupport.WaitAsync(() => generator.PollAsync(job.JobId), TimeSpan.FromMinutes(3));
            Assert.Equal(ProviderJobState.Succeeded, status.State);
            await generator.FetchAsync(job.JobId, path);
            return path;
        }
    }
}
