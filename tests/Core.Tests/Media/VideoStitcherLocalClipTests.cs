using System.Globalization;
using MusicVideo.Core.Media;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Media;

/// <summary>Clips from our local renderer are written the way the stitcher re-encodes, so they are copied even next to a foreign clip.</summary>
public sealed class VideoStitcherLocalClipTests : IClassFixture<VideoStitcherLocalClipTests.Clips>
{
    const double MaxGapSeconds = 0.030;
    readonly Clips _clips;
    readonly VideoStitcher _stitcher = new(MediaTestSupport.Runner);

    public VideoStitcherLocalClipTests(Clips clips)
    {
        _clips = clips;
    }

    [Fact]
    public async Task Local_clips_are_stream_copied_in_a_cut_with_a_foreign_clip_that_is_re_encoded()
    {
        using var dir = new TempDirectory();
        var clips = new[] { _clips.Local[0], _clips.Foreign, _clips.Local[1] };
        var output = dir.File("mixed.mp4");

        var result = await _stitcher.StitchAsync(new StitchRequest(clips, output));

        // Only the foreign clip is rewritten; the local clips' own bitstreams are in the output.
        Assert.Equal([1], result.NormalisedClipIndexes);
        Assert.Equal("", await StitchChecks.DecodeErrorsAsync(output));
        Assert.Equal("color_primaries=bt709,color_range=tv,color_space=bt709,color_transfer=bt709", await StitchChecks.ColourTagsAsync(output));
        var cuts = await StitchChecks.CutTimesAsync(clips);
        var expected = cuts[^1] + (await MediaTestSupport.Probe.ProbeAsync(_clips.Local[1])).Video!.DurationSeconds!.Value;
        Assert.Equal(expected, (await MediaTestSupport.Probe.ProbeAsync(output)).DurationSeconds, 0.1);
        // Copied frames keep their sizes (keyframes grow by the parameter sets the colour rewrite puts in band); a re-encode changes them all.
        var local = await NonKeyVideoPacketSizesAsync(_clips.Local[0]);
        Assert.Equal(local, (await NonKeyVideoPacketSizesAsync(output)).Take(local.Count));
        var pcm = await StitchChecks.DecodeMonoPcmAsync(output);
        foreach (var cut in cuts)
        {
            var gap = StitchChecks.LongestQuietRunNear(pcm, cut);
            Assert.True(gap <= MaxGapSeconds, $"{gap * 1000:0.0} ms of silence at the cut at {cut:0.000} s");
        }
    }

    [Fact]
    public async Task A_cut_of_local_clips_copies_video_and_audio_without_gaps()
    {
        using var dir = new TempDirectory();
        var clips = new[] { _clips.Local[0], _clips.Local[1], _clips.Local[0] };
        var output = dir.File("local.mp4");

        var result = await _stitcher.StitchAsync(new StitchRequest(clips, output));

        Assert.Empty(result.NormalisedClipIndexes);
        Assert.True(result.ClipAudioCopied);
        Assert.Equal("", await StitchChecks.DecodeErrorsAsync(output));
        var info = await MediaTestSupport.Probe.ProbeAsync(output);
        Assert.Equal(24, info.Video!.DurationSeconds!.Value, 0.1);
        Assert.Equal(24, info.Audio!.DurationSeconds!.Value, 0.1);
        var pcm = await StitchChecks.DecodeMonoPcmAsync(output);
        foreach (var cut in await StitchChecks.CutTimesAsync(clips))
        {
            var gap = StitchChecks.LongestQuietRunNear(pcm, cut);
            Assert.True(gap <= MaxGapSeconds, $"{gap * 1000:0.0} ms of silence at the cut at {cut:0.000} s");
        }
    }

    static async Task<List<int>> NonKeyVideoPacketSizesAsync(string path)
    {
        var result = await MediaTestSupport.Runner.RunFfprobeAsync(["-select_streams", "v:0", "-show_entries", "packet=size,flags", "-of", "csv=p=0", path]);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(','))
            .Where(fields => !fields[1].Contains('K', StringComparison.Ordinal))
            .Select(fields => int.Parse(fields[0], CultureInfo.InvariantCulture))
            .ToList();
    }

    /// <summary>Two 8 s local renders and a foreign clip as a real model returns it: 1080p, 30 fps, BT.601 tags, 44.1 kHz mono.</summary>
    public sealed class Clips : IAsyncLifetime, IDisposable
    {
        readonly TempDirectory _dir = new();

        public List<string> Local { get; } = [];

        public string Foreign { get; private set; } = "";

        public async Task InitializeAsync()
        {
            using (var generator = new LocalClipGenerator(new LocalProviderOptions { WorkDirectory = _dir.File("providers") }))
            {
                for (var i = 0; i < 2; i++)
                {
                    var job = await generator.SubmitAsync(new ClipRequest($"Local scene {i}: neon rain", "16:9", 8, Seed: i), $"local-{i}");
                    var status = await MediaTestSupport.WaitAsync(() => generator.PollAsync(job.JobId), TimeSpan.FromMinutes(3));
                    Assert.Equal(ProviderJobState.Succeeded, status.State);
                    var path = _dir.File($"local{i}.mp4");
                    await generator.FetchAsync(job.JobId, path);
                    Local.Add(path);
                }
            }

            Foreign = await StitchChecks.MakeAsync(
                _dir.File("foreign.mp4"), 2, size: "1920x1080", fps: 30, sampleRate: 44100, channels: 1,
                videoFilter: "setparams=colorspace=smpte170m:color_primaries=smpte170m:color_trc=smpte170m",
                videoArgs: ["-c:v", "libx264", "-preset", "ultrafast"]);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _dir.Dispose();
    }
}
