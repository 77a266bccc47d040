using MusicVideo.Core.Media;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Media;

public sealed class MediaProbeTests
{
    [Fact]
    public async Task Probe_reads_video_and_audio_facts()
    {
        using var dir = new TempDirectory();
        var clip = await MediaTestSupport.MakeClipAsync(dir.File("a.mp4"), 320, 240, 30, 2, withAudio: true, sampleRate: 44100, channels: 1);

        var info = await MediaTestSupport.Probe.ProbeAsync(clip);

        Assert.InRange(info.DurationSeconds, 1.95, 2.1);
        Assert.NotNull(info.Video);
        Assert.Equal("h264", info.Video!.Codec);
        Assert.Equal(320, info.Video.Width);
        Assert.Equal(240, info.Video.Height);
        Assert.Equal(30, info.Video.FrameRate, 3);
        Assert.Equal("yuv420p", info.Video.PixelFormat);
        Assert.True(info.Video.HasSquarePixels);
        Assert.NotNull(info.Audio);
        Assert.Equal("aac", info.Audio!.Codec);
        Assert.Equal(1, info.Audio.Channels);
        Assert.Equal(44100, info.Audio.SampleRate);
        Assert.True(info.SizeBytes > 0);
    }

    [Fact]
    public async Task Probe_of_a_video_without_audio_has_no_audio()
    {
        using var dir = new TempDirectory();
        var clip = await MediaTestSupport.MakeClipAsync(dir.File("a.mp4"), 160, 120, 24, 1, withAudio: false);
        var info = await MediaTestSupport.Probe.ProbeAsync(clip);
        Assert.False(info.HasAudio);
        Assert.True(info.HasVideo);
    }

    [Fact]
    public async Task Probe_of_a_non_media_file_fails_with_ffprobe_output()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.mp4");
        await File.WriteAllTextAsync(path, "not a video");
        var ex = await Assert.ThrowsAsync<FfmpegException>(() => MediaTestSupport.Probe.ProbeAsync(path));
        Assert.Contains("Invalid data", ex.Message);
    }

    [Fact]
    public void Parse_handles_fractional_rates_and_cover_art()
    {
        const string json = """
            {"streams":[
              {"codec_type":"video","codec_name":"mjpeg","width":500,"height":500,"r_frame_rate":"90000/1","disposition":{"attached_pic":1}},
              {"codec_type":"video","codec_name":"h264","width":1920,"height":1080,"r_frame_rate":"30000/1001","pix_fmt":"yuv420p","sample_aspect_ratio":"1:1","time_base":"1/30000","duration":"8.008"},
              {"codec_type":"audio","codec_name":"aac","channels":2,"sample_rate":"48000","duration":"8.0"}],
             "format":{"duration":"8.008","format_name":"mov,mp4,m4a,3gp,3g2,mj2"}}
            """;
        var info = MediaProbe.Parse(json, 10);
        Assert.Equal("h264", info.Video!.Codec);
        Assert.Equal(29.97, info.Video.FrameRate, 2);
        Assert.Equal(48000, info.Audio!.SampleRate);
        Assert.Equal(8.008, info.DurationSeconds, 3);
    }
}
