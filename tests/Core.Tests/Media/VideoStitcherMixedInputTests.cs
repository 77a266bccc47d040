using MusicVideo.Core.Media;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Media;

/// <summary>Clips that differ the way real models' clips do, one difference per set, stitched between two clips the stitcher can copy.</summary>
public sealed class VideoStitcherMixedInputTests : IClassFixture<VideoStitcherMixedInputTests.Clips>
{
    const double MaxGapSeconds = 0.030;
    readonly Clips _clips;
    readonly VideoStitcher _stitcher = new(MediaTestSupport.Runner);

    public VideoStitcherMixedInputTests(Clips clips)
    {
        _clips = clips;
    }

    public static TheoryData<string> Differences => new() { "profile", "extradata", "colour", "audio", "noaudio", "vfr", "sar" };

    [Theory]
    [MemberData(nameof(Differences))]
    public async Task A_clip_that_differs_is_normalised_and_the_cut_decodes_cleanly_without_audio_gaps(string difference)
    {
        using var dir = new TempDirectory();
        var odd = _clips.Odd[difference];
        var clips = new[] { _clips.Base, odd, _clips.Base2 };
        var output = dir.File($"{difference}.mp4");

        var result = await _stitcher.StitchAsync(new StitchRequest(clips, output));

        Assert.Equal("", await StitchChecks.DecodeErrorsAsync(output));
        var info = await MediaTestSupport.Probe.ProbeAsync(output);
        var cuts = await StitchChecks.CutTimesAsync(clips);
        var expected = cuts[^1] + (await MediaTestSupport.Probe.ProbeAsync(_clips.Base2)).Video!.DurationSeconds!.Value;
        Assert.Equal(expected, info.DurationSeconds, 0.1);
        Assert.Equal(expected, info.Audio!.DurationSeconds!.Value, 0.1);
        Assert.Equal((1280, 720, 24.0), (info.Video!.Width, info.Video.Height, info.Video.FrameRate));
        Assert.True(info.Video.HasSquarePixels, info.Video.SampleAspectRatio);
        Assert.Equal("color_primaries=bt709,color_range=tv,color_space=bt709,color_transfer=bt709", await StitchChecks.ColourTagsAsync(output));
        Assert.Equal(("aac", 48000, 2), (info.Audio.Codec, info.Audio.SampleRate, info.Audio.Channels));

        // Only the odd clip's video is rewritten: the two others already match what a re-encode writes, so they are copied.
        // Audio never needs a rewritten part: every clip's audio is decoded into the one joined track.
        Assert.Equal(difference is "audio" or "noaudio" ? [] : [1], result.NormalisedClipIndexes);

        if (difference == "colour")
        {
            // The BT.601 full-range clip must look the same after the stitch: converted, not just re-tagged (a plain re-tag
            // moves colours by about 12 levels; the x264 re-encode alone by 2 to 4).
            var source = await StitchChecks.RgbThumbnailAsync(odd, 0.5);
            var stitched = await StitchChecks.RgbThumbnailAsync(output, cuts[0] + 0.5);
            var difference601 = StitchChecks.MeanDifference(source, stitched);
            Assert.True(difference601 < 6, $"colours moved by {difference601:0.0} levels on average");
        }

        var pcm = await StitchChecks.DecodeMonoPcmAsync(output);
        if (difference == "noaudio")
        {
            // The silent clip is silence for exactly its span; the tone runs up to the first cut and from the second.
            var silence = StitchChecks.LongestQuietRunNear(pcm, (cuts[0] + cuts[1]) / 2, window: 0.01);
            Assert.Equal(cuts[1] - cuts[0], silence, MaxGapSeconds);
            Assert.True(StitchChecks.LongestQuietRunNear(pcm, cuts[0] - 0.1, window: 0.09) < 0.005, "tone before the silent clip");
            Assert.True(StitchChecks.LongestQuietRunNear(pcm, cuts[1] + 0.1, window: 0.09) < 0.005, "tone after the silent clip");
        }
        else
        {
            foreach (var cut in cuts)
            {
                var gap = StitchChecks.LongestQuietRunNear(pcm, cut);
                Assert.True(gap <= MaxGapSeconds, $"{gap * 1000:0.0} ms of silence at the cut at {cut:0.000} s");
            }
        }
    }

    [Fact]
    public async Task The_odd_clips_really_differ_in_what_they_claim()
    {
        // Guards the sets above: each odd clip differs from the base in its one property and matches it otherwise.
        var b = (await MediaTestSupport.Probe.ProbeAsync(_clips.Base)).Video!;
        async Task<MediaInfo> P(string d) => await MediaTestSupport.Probe.ProbeAsync(_clips.Odd[d]);

        var profile = (await P("profile")).Video!;
        Assert.NotEqual((b.Profile, b.Level), (profile.Profile, profile.Level));
        var extradata = (await P("extradata")).Video!;
        Assert.Equal((b.Profile, b.Level, b.Width, b.Height), (extradata.Profile, extradata.Level, extradata.Width, extradata.Height));
        Assert.NotEqual(b.ExtradataHash, extradata.ExtradataHash);
        var colour = (await P("colour")).Video!;
        Assert.Equal(("smpte170m", "pc"), (colour.ColorSpace, colour.ColorRange));
        var audio = (await P("audio")).Audio!;
        Assert.Equal((44100, 1), (audio.SampleRate, audio.Channels));
        Assert.Null((await P("noaudio")).Audio);
        Assert.True((await P("vfr")).Video!.IsVariableFrameRate);
        Assert.False(b.IsVariableFrameRate);
        var sar = (await P("sar")).Video!;
        Assert.Equal(("4:3", 960), (sar.SampleAspectRatio, sar.Width));
    }

    [Fact]
    public async Task Stream_copied_aac_across_cuts_shows_the_gap_the_stitcher_avoids()
    {
        // The gap measurement's control: a plain `-c copy` concat of the same clips leaves encoder priming at each cut.
        using var dir = new TempDirectory();
        var clips = new[] { _clips.Base, _clips.Base2, _clips.Base };
        var list = dir.File("list.txt");
        await File.WriteAllLinesAsync(list, clips.Select(c => $"file '{c}'"));
        var plain = dir.File("plain.mp4");
        await MediaTestSupport.Runner.RunFfmpegAsync(["-f", "concat", "-safe", "0", "-i", list, "-c", "copy", plain]);
        var stitched = dir.File("stitched.mp4");
        var result = await _stitcher.StitchAsync(new StitchRequest(clips, stitched));

        var cuts = await StitchChecks.CutTimesAsync(clips);
        var plainPcm = await StitchChecks.DecodeMonoPcmAsync(plain);
        var stitchedPcm = await StitchChecks.DecodeMonoPcmAsync(stitched);
        var plainGap = cuts.Max(c => StitchChecks.LongestQuietRunNear(plainPcm, c));
        var stitchedGap = cuts.Max(c => StitchChecks.LongestQuietRunNear(stitchedPcm, c));
        Assert.True(plainGap > MaxGapSeconds / 3, $"plain concat gap {plainGap * 1000:0.0} ms");
        Assert.True(stitchedGap <= MaxGapSeconds, $"stitched gap {stitchedGap * 1000:0.0} ms");
        Assert.Empty(result.NormalisedClipIndexes);
    }

    [Fact]
    public async Task Stored_probes_without_a_parameter_set_hash_are_probed_again_before_copying()
    {
        // Probes stored before the hash existed cannot prove two clips share SPS/PPS; the stitcher must not trust them blindly.
        using var dir = new TempDirectory();
        var clips = new[] { _clips.Base, _clips.Odd["extradata"] };
        var stale = new List<MediaInfo>();
        foreach (var clip in clips)
        {
            var info = await MediaTestSupport.Probe.ProbeAsync(clip);
            stale.Add(info with { Video = info.Video! with { ExtradataHash = null } });
        }

        var output = dir.File("stale.mp4");
        var result = await _stitcher.StitchAsync(new StitchRequest(clips, output, ClipInfos: stale));

        Assert.Equal([1], result.NormalisedClipIndexes);
        Assert.Equal("", await StitchChecks.DecodeErrorsAsync(output));
    }

    /// <summary>The base clips are encoded the way the stitcher re-encodes (ClipEncoding: x264 veryfast CRF 20, no B-frames, 2 s GOP, BT.709 tags); each odd clip differs in one way.</summary>
    public sealed class Clips : IAsyncLifetime, IDisposable
    {
        const string Bt709 = "setparams=range=tv:color_primaries=bt709:color_trc=bt709:colorspace=bt709";
        static readonly string[] Canonical = [.. ClipEncoding.VideoArguments(24), "-video_track_timescale", "12288"];
        readonly TempDirectory _dir = new();

        public string Base { get; private set; } = "";

        public string Base2 { get; private set; } = "";

        public Dictionary<string, string> Odd { get; } = new(StringComparer.Ordinal);

        public async Task InitializeAsync()
        {
            Base = await StitchChecks.MakeAsync(_dir.File("base.mp4"), 2, videoFilter: Bt709, videoArgs: Canonical);
            Base2 = await StitchChecks.MakeAsync(_dir.File("base2.mp4"), 1.5, videoFilter: Bt709, videoArgs: Canonical);
            var odd = new Dictionary<string, Task<string>>
            {
                ["profile"] = StitchChecks.MakeAsync(_dir.File("profile.mp4"), 1.5, videoFilter: Bt709, videoArgs: [.. Canonical, "-profile:v", "main", "-level:v", "4.0"]),
                ["extradata"] = StitchChecks.MakeAsync(_dir.File("extradata.mp4"), 1.5, videoFilter: Bt709, videoArgs: [.. Canonical, "-x264-params", "ref=1:bframes=1:weightp=0:cqm=jvt"]),
                ["colour"] = StitchChecks.MakeAsync(
                    _dir.File("colour.mp4"), 1.5, videoFilter: "setparams=range=pc:color_primaries=smpte170m:color_trc=smpte170m:colorspace=smpte170m", videoArgs: Canonical),
                ["audio"] = StitchChecks.MakeAsync(_dir.File("audio.mp4"), 1.5, sampleRate: 44100, channels: 1, videoFilter: Bt709, videoArgs: Canonical),
                ["noaudio"] = StitchChecks.MakeAsync(_dir.File("noaudio.mp4"), 1.5, audio: false, videoFilter: Bt709, videoArgs: Canonical),
                ["vfr"] = StitchChecks.MakeAsync(
                    _dir.File("vfr.mp4"), 1.5, videoFilter: "select='not(eq(mod(n\\,5)\\,2))'," + Bt709, videoArgs: [.. Canonical, "-fps_mode", "vfr"]),
                ["sar"] = StitchChecks.MakeAsync(_dir.File("sar.mp4"), 1.5, size: "960x720", videoFilter: "setsar=4/3," + Bt709, videoArgs: Canonical),
            };
            await Task.WhenAll(odd.Values);
            foreach (var (name, task) in odd)
            {
                Odd[name] = await task;
            }
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _dir.Dispose();
    }
}
