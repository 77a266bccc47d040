using MusicVideo.Core.Media;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Media;

public sealed class VideoStitcherTests : IClassFixture<VideoStitcherTests.Clips>
{
    readonly Clips _clips;
    readonly VideoStitcher _stitcher = new(MediaTestSupport.Runner);

    public VideoStitcherTests(Clips clips)
    {
        _clips = clips;
    }

    [Fact]
    public async Task Mixed_resolution_fps_and_audio_are_normalised_and_durations_add_up()
    {
        using var dir = new TempDirectory();
        var output = dir.File("mixed.mp4");
        var clips = new[] { _clips.A720p24, _clips.B720sq30, _clips.C720p24NoAudio, _clips.D1080p25 };

        var result = await _stitcher.StitchAsync(new StitchRequest(clips, output));

        var info = await MediaTestSupport.Probe.ProbeAsync(output);
        Assert.Equal("h264", info.Video!.Codec);
        Assert.Equal((1280, 720), (info.Video.Width, info.Video.Height));
        Assert.Equal(24, info.Video.FrameRate, 3);
        Assert.Equal("yuv420p", info.Video.PixelFormat);
        Assert.NotNull(info.Audio);
        Assert.Equal(("aac", 48000, 2), (info.Audio!.Codec, info.Audio.SampleRate, info.Audio.Channels));
        Assert.Equal(await SumAsync(clips), info.DurationSeconds, 0.1);
        Assert.Equal(info.DurationSeconds, result.DurationSeconds, 3);
        // These clips are x264 ultrafast, not what the stitcher's re-encode writes, so once one must be re-encoded all are.
        Assert.Equal([0, 1, 2, 3], result.NormalisedClipIndexes);
        Assert.Equal(new StitchTarget(1280, 720, "24/1", 12288), result.Target);
        Assert.Equal(1, CountStreams(output, "video"));
        Assert.Equal(1, CountStreams(output, "audio"));
    }

    [Fact]
    public async Task Identical_clips_are_not_normalised_and_output_is_faststart()
    {
        using var dir = new TempDirectory();
        var output = dir.File("same.mp4");
        var clips = new[] { _clips.A720p24, _clips.A720p24b, _clips.A720p24 };

        var result = await _stitcher.StitchAsync(new StitchRequest(clips, output));

        Assert.Empty(result.NormalisedClipIndexes);
        Assert.Equal(await SumAsync(clips), result.DurationSeconds, 0.1);
        Assert.Equal("", await StitchChecks.DecodeErrorsAsync(dir.File("same.mp4")));
        Assert.Equal("color_primaries=bt709,color_range=tv,color_space=bt709,color_transfer=bt709", await StitchChecks.ColourTagsAsync(dir.File("same.mp4")));
        var atoms = MediaTestSupport.TopLevelAtoms(output);
        Assert.Equal("ftyp", atoms[0]);
        Assert.True(atoms.IndexOf("moov") < atoms.IndexOf("mdat"), string.Join(",", atoms));
        Assert.Empty(Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public async Task Known_probes_skip_reprobing_and_give_the_same_result()
    {
        using var dir = new TempDirectory();
        var clips = new[] { _clips.A720p24, _clips.B720sq30 };
        var infos = new List<MediaInfo>();
        foreach (var clip in clips)
        {
            infos.Add(await MediaTestSupport.Probe.ProbeAsync(clip));
        }

        var result = await _stitcher.StitchAsync(new StitchRequest(clips, dir.File("known.mp4"), ClipInfos: infos));
        Assert.Equal([0, 1], result.NormalisedClipIndexes);
        Assert.Equal(await SumAsync(clips), result.DurationSeconds, 0.1);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _stitcher.StitchAsync(new StitchRequest(clips, dir.File("bad.mp4"), ClipInfos: infos.Take(1).ToList())));
    }

    [Fact]
    public async Task Short_song_loops_to_the_video_length()
    {
        using var dir = new TempDirectory();
        var output = dir.File("looped.mp4");
        var clips = new[] { _clips.A720p24, _clips.B720sq30 };

        var result = await _stitcher.StitchAsync(new StitchRequest(clips, output, _clips.ShortSongMp3, LoopSong: true));

        var info = await MediaTestSupport.Probe.ProbeAsync(output);
        var expected = await SumAsync(clips);
        Assert.True(result.SongApplied);
        Assert.Equal(expected, info.DurationSeconds, 0.1);
        Assert.NotNull(info.Audio);
        Assert.Equal(expected, info.Audio!.DurationSeconds!.Value, 0.15);
        Assert.True(MediaTestSupport.TopLevelAtoms(output).IndexOf("moov") < MediaTestSupport.TopLevelAtoms(output).IndexOf("mdat"));
    }

    [Fact]
    public async Task Short_song_without_loop_leaves_a_silent_tail_and_keeps_video_length()
    {
        using var dir = new TempDirectory();
        var output = dir.File("tail.mp4");
        var clips = new[] { _clips.A720p24, _clips.A720p24b };

        await _stitcher.StitchAsync(new StitchRequest(clips, output, _clips.ShortSongMp3, LoopSong: false));

        var info = await MediaTestSupport.Probe.ProbeAsync(output);
        Assert.Equal(await SumAsync(clips), info.Video!.DurationSeconds!.Value, 0.1);
        Assert.InRange(info.Audio!.DurationSeconds!.Value, 1.3, 1.7);
    }

    [Fact]
    public async Task Long_song_is_trimmed_to_the_video_length()
    {
        using var dir = new TempDirectory();
        var output = dir.File("trimmed.mp4");
        var clips = new[] { _clips.A720p24, _clips.A720p24b };

        foreach (var song in new[] { _clips.LongSongMp3, _clips.LongSongM4a })
        {
            await _stitcher.StitchAsync(new StitchRequest(clips, output, song));
            var info = await MediaTestSupport.Probe.ProbeAsync(output);
            var expected = await SumAsync(clips);
            Assert.Equal(expected, info.DurationSeconds, 0.2);
            Assert.Equal(expected, info.Audio!.DurationSeconds!.Value, 0.2);
        }
    }

    [Fact]
    public async Task Fitting_to_a_song_longer_than_the_clips_repeats_them_and_ends_with_the_song()
    {
        using var dir = new TempDirectory();
        var output = dir.File("fit.mp4");
        var clips = new[] { _clips.A720p24, _clips.A720p24b };
        var result = await _stitcher.StitchAsync(new StitchRequest(clips, output, _clips.LongSongMp3, FitVideoToSong: true));
        var info = await MediaTestSupport.Probe.ProbeAsync(output);
        var song = await MediaTestSupport.Probe.ProbeAsync(_clips.LongSongMp3);

        Assert.True(song.DurationSeconds > await SumAsync(clips), "the song must be longer than the clips for this test");
        Assert.Equal(song.DurationSeconds, info.DurationSeconds, 0.2);
        Assert.Equal(song.DurationSeconds, info.Video!.DurationSeconds!.Value, 0.2);
        Assert.Equal(info.DurationSeconds, result.DurationSeconds, 0.05);
        Assert.True(result.SongApplied);
    }

    [Fact]
    public async Task Mp4_header_duration_matches_ffprobe()
    {
        var info = await MediaTestSupport.Probe.ProbeAsync(_clips.A720p24);
        Assert.Equal(info.DurationSeconds, Mp4Header.ReadDurationSeconds(_clips.A720p24)!.Value, 0.01);

        using var dir = new TempDirectory();
        var notMp4 = dir.File("not.mp4");
        await File.WriteAllTextAsync(notMp4, "this is not a movie");
        Assert.Null(Mp4Header.ReadDurationSeconds(notMp4));
    }

    [Fact]
    public async Task Suppressed_clip_audio_without_song_gives_video_only()
    {
        using var dir = new TempDirectory();
        var output = dir.File("silent.mp4");
        var result = await _stitcher.StitchAsync(new StitchRequest([_clips.A720p24, _clips.C720p24NoAudio], output, SuppressClipAudio: true));
        var info = await MediaTestSupport.Probe.ProbeAsync(output);
        Assert.Null(info.Audio);
        Assert.Equal(info.DurationSeconds, result.DurationSeconds, 0.05);
        Assert.Empty(result.NormalisedClipIndexes);
    }

    [Fact]
    public async Task Missing_clip_is_reported()
    {
        using var dir = new TempDirectory();
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            _stitcher.StitchAsync(new StitchRequest([_clips.A720p24, dir.File("missing.mp4")], dir.File("o.mp4"))));
        await Assert.ThrowsAsync<ArgumentException>(() => _stitcher.StitchAsync(new StitchRequest([], dir.File("o.mp4"))));
    }

    [Fact]
    public void Target_is_the_most_common_format()
    {
        static MediaInfo Clip(int w, int h, string rate) =>
            new(4, "mp4", new VideoStreamInfo("h264", w, h, MediaProbe.ParseRational(rate)!.Value, rate, "yuv420p", "1:1", "1/15360", 4), null, 1);
        var target = VideoStitcher.ChooseTarget([Clip(720, 720, "30/1"), Clip(1280, 720, "30/1"), Clip(1280, 720, "30/1")]);
        Assert.Equal(new StitchTarget(1280, 720, "30/1", 15360), target);
    }

    static async Task<double> SumAsync(IEnumerable<string> clips)
    {
        double total = 0;
        foreach (var clip in clips)
        {
            var info = await MediaTestSupport.Probe.ProbeAsync(clip);
            total += info.Video!.DurationSeconds ?? info.DurationSeconds;
        }

        return total;
    }

    static int CountStreams(string path, string type)
    {
        var output = MediaTestSupport.Runner.RunFfprobeAsync(
            ["-select_streams", type[..1], "-show_entries", "stream=index", "-of", "csv=p=0", path]).GetAwaiter().GetResult();
        return output.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <summary>Small real clips shared by the stitch tests.</summary>
    public sealed class Clips : IAsyncLifetime, IDisposable
    {
        readonly TempDirectory _dir = new();

        public string A720p24 { get; private set; } = "";
        public string A720p24b { get; private set; } = "";
        public string B720sq30 { get; private set; } = "";
        public string C720p24NoAudio { get; private set; } = "";
        public string D1080p25 { get; private set; } = "";
        public string ShortSongMp3 { get; private set; } = "";
        public string LongSongMp3 { get; private set; } = "";
        public string LongSongM4a { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var tasks = new[]
            {
                MediaTestSupport.MakeClipAsync(_dir.File("a.mp4"), 1280, 720, 24, 2),
                MediaTestSupport.MakeClipAsync(_dir.File("a2.mp4"), 1280, 720, 24, 1.5),
                MediaTestSupport.MakeClipAsync(_dir.File("b.mp4"), 720, 720, 30, 2, sampleRate: 44100, channels: 1),
                MediaTestSupport.MakeClipAsync(_dir.File("c.mp4"), 1280, 720, 24, 1, withAudio: false),
                MediaTestSupport.MakeClipAsync(_dir.File("d.mp4"), 1920, 1080, 25, 1),
                MediaTestSupport.MakeSongAsync(_dir.File("short.mp3"), 1.5, "-c:a", "libmp3lame", "-b:a", "128k"),
                MediaTestSupport.MakeSongAsync(_dir.File("long.mp3"), 10, "-c:a", "libmp3lame", "-b:a", "128k"),
                MediaTestSupport.MakeSongAsync(_dir.File("long.m4a"), 10, "-c:a", "aac"),
            };
            var paths = await Task.WhenAll(tasks);
            (A720p24, A720p24b, B720sq30, C720p24NoAudio, D1080p25) = (paths[0], paths[1], paths[2], paths[3], paths[4]);
            (ShortSongMp3, LongSongMp3, LongSongM4a) = (paths[5], paths[6], paths[7]);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _dir.Dispose();
    }
}
