using System.Globalization;
using MusicVideo.Core.Media;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Media;

/// <summary>Clips whose AAC audio is alike and frame-aligned have their audio joined by packet copy, still without gaps or drift.</summary>
public sealed class VideoStitcherAudioSpliceTests : IClassFixture<VideoStitcherAudioSpliceTests.Clips>
{
    const double MaxGapSeconds = 0.030;
    readonly Clips _clips;
    readonly VideoStitcher _stitcher = new(MediaTestSupport.Runner);

    public VideoStitcherAudioSpliceTests(Clips clips)
    {
        _clips = clips;
    }

    [Fact]
    public async Task Frame_aligned_clip_audio_is_copied_without_gaps_and_stays_in_step_with_each_clip()
    {
        using var dir = new TempDirectory();
        var clips = new[] { _clips.Aligned[0], _clips.Aligned[1], _clips.Aligned[2] };
        var output = dir.File("spliced.mp4");

        var result = await _stitcher.StitchAsync(new StitchRequest(clips, output));

        Assert.True(result.ClipAudioCopied);
        Assert.Empty(result.NormalisedClipIndexes);
        Assert.Equal("", await StitchChecks.DecodeErrorsAsync(output));
        var info = await MediaTestSupport.Probe.ProbeAsync(output);
        Assert.Equal(3 * Clips.Seconds, info.DurationSeconds, 0.1);
        Assert.Equal(3 * Clips.Seconds, info.Audio!.DurationSeconds!.Value, 0.1);
        Assert.Equal(("aac", 48000, 2), (info.Audio.Codec, info.Audio.SampleRate, info.Audio.Channels));
        Assert.Equal("color_primaries=bt709,color_range=tv,color_space=bt709,color_transfer=bt709", await StitchChecks.ColourTagsAsync(output));

        var pcm = await StitchChecks.DecodeMonoPcmAsync(output);
        var cuts = await StitchChecks.CutTimesAsync(clips);
        foreach (var cut in cuts)
        {
            var gap = StitchChecks.LongestQuietRunNear(pcm, cut);
            Assert.True(gap <= MaxGapSeconds, $"{gap * 1000:0.0} ms of silence at the cut at {cut:0.000} s");
        }

        // Away from the cuts every sample is the clip's own (each clip has its own tone): a priming frame left in or a
        // wrong frame dropped would shift everything after it by 1024 samples.
        var starts = new[] { 0.0, cuts[0], cuts[1] };
        for (var i = 0; i < clips.Length; i++)
        {
            // Decoded from a copy in this test's folder: the decode writes its PCM next to the file.
            var copy = dir.File($"own{i}.mp4");
            File.Copy(clips[i], copy);
            var own = await StitchChecks.DecodeMonoPcmAsync(copy);
            var difference = MeanDifference(pcm, (int)Math.Round(starts[i] * StitchChecks.PcmRate), own, from: 0.1, to: Clips.Seconds - 0.1);
            Assert.True(difference < 20, $"clip {i}: stitched audio differs from the clip's own by {difference:0.0} on average");
        }
    }

    [Fact]
    public async Task Stored_probes_from_before_audio_copy_are_probed_again_and_the_audio_is_copied()
    {
        // Probes stored with clips before the probe read AAC packet counts cannot show the audio is frame-aligned.
        using var dir = new TempDirectory();
        var clips = new[] { _clips.Aligned[0], _clips.Aligned[1] };
        var stale = new List<MediaInfo>();
        foreach (var clip in clips)
        {
            var info = await MediaTestSupport.Probe.ProbeAsync(clip);
            stale.Add(info with { Audio = info.Audio! with { PacketCount = null, DurationTicks = null, Profile = null, ExtradataHash = null } });
        }

        var result = await _stitcher.StitchAsync(new StitchRequest(clips, dir.File("stale.mp4"), ClipInfos: stale));

        Assert.True(result.ClipAudioCopied);
        Assert.Equal("", await StitchChecks.DecodeErrorsAsync(dir.File("stale.mp4")));
    }

    [Fact]
    public async Task Aligned_clips_with_one_of_another_channel_count_are_decoded_and_still_gapless()
    {
        using var dir = new TempDirectory();
        var clips = new[] { _clips.Aligned[0], _clips.AlignedMono, _clips.Aligned[1] };
        var output = dir.File("decoded.mp4");

        var result = await _stitcher.StitchAsync(new StitchRequest(clips, output));

        Assert.False(result.ClipAudioCopied);
        Assert.Empty(result.NormalisedClipIndexes);
        Assert.Equal("", await StitchChecks.DecodeErrorsAsync(output));
        var pcm = await StitchChecks.DecodeMonoPcmAsync(output);
        foreach (var cut in await StitchChecks.CutTimesAsync(clips))
        {
            Assert.True(StitchChecks.LongestQuietRunNear(pcm, cut) <= MaxGapSeconds, $"gap at {cut:0.000} s");
        }
    }

    [Fact]
    public async Task Clips_whose_audio_does_not_end_on_a_frame_are_decoded()
    {
        // 2 s at 48 kHz is 93.75 AAC frames: the last frame carries padding, which a packet copy would leave at the cut.
        using var dir = new TempDirectory();
        var clips = new[] { _clips.Unaligned, _clips.Unaligned };
        var output = dir.File("unaligned.mp4");

        var result = await _stitcher.StitchAsync(new StitchRequest(clips, output));

        Assert.False(result.ClipAudioCopied);
        var pcm = await StitchChecks.DecodeMonoPcmAsync(output);
        var cut = (await StitchChecks.CutTimesAsync(clips))[0];
        Assert.True(StitchChecks.LongestQuietRunNear(pcm, cut) <= MaxGapSeconds, $"gap at {cut:0.000} s");
    }

    static double MeanDifference(short[] joined, int offset, short[] own, double from, double to)
    {
        var a = (int)(from * StitchChecks.PcmRate);
        var b = (int)(to * StitchChecks.PcmRate);
        double sum = 0;
        for (var i = a; i < b; i++)
        {
            sum += Math.Abs(joined[offset + i] - own[i]);
        }

        return sum / (b - a);
    }

    /// <summary>Clips of 64 frames at 24 fps: 128000 samples at 48 kHz, exactly 125 AAC frames; each with its own tone.</summary>
    public sealed class Clips : IAsyncLifetime, IDisposable
    {
        public const double Seconds = 64 / 24.0;
        readonly TempDirectory _dir = new();

        public List<string> Aligned { get; } = [];

        public string AlignedMono { get; private set; } = "";

        public string Unaligned { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var made = await Task.WhenAll(
                MakeAsync("a0.mp4", 64, 128000, 330, 2),
                MakeAsync("a1.mp4", 64, 128000, 440, 2),
                MakeAsync("a2.mp4", 64, 128000, 550, 2),
                MakeAsync("mono.mp4", 64, 128000, 660, 1),
                MakeAsync("unaligned.mp4", 48, 96000, 440, 2));
            Aligned.AddRange(made[..3]);
            (AlignedMono, Unaligned) = (made[3], made[4]);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _dir.Dispose();

        async Task<string> MakeAsync(string name, int frames, int samples, int tone, int channels)
        {
            var inv = CultureInfo.InvariantCulture;
            var path = _dir.File(name);
            await MediaTestSupport.Runner.RunFfmpegAsync([
                "-f", "lavfi", "-i", "testsrc2=s=640x360:r=24:d=4",
                "-f", "lavfi", "-i", string.Create(inv, $"sine=f={tone}:sample_rate=48000:d=4"),
                "-map", "0:v",
                "-vf", string.Create(inv, $"trim=end_frame={frames},setparams=range=tv:color_primaries=bt709:color_trc=bt709:colorspace=bt709"),
                .. ClipEncoding.VideoArguments(24), "-video_track_timescale", "12288",
                "-map", "1:a", "-af", string.Create(inv, $"atrim=end_sample={samples}"),
                "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", channels.ToString(inv),
                path,
            ]);
            return path;
        }
    }
}
