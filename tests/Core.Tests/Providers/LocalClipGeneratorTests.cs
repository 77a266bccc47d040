using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Providers;

public sealed class LocalClipGeneratorTests
{
    [Fact]
    public async Task Renders_valid_clips_for_every_aspect_ratio_and_duration()
    {
        using var dir = new TempDirectory();
        using var generator = new LocalClipGenerator(new LocalProviderOptions { WorkDirectory = dir.Path });
        var cases = new (string Aspect, int Seconds, int W, int H)[]
        {
            ("16:9", 4, 1280, 720), ("9:16", 4, 720, 1280), ("1:1", 4, 720, 720), ("16:9", 8, 1280, 720),
        };
        var jobs = new List<string>();
        foreach (var (aspect, seconds, _, _) in cases)
        {
            var job = await generator.SubmitAsync(new ClipRequest($"A singer on a rooftop, {aspect}", aspect, seconds, Seed: 7), $"k-{aspect}-{seconds}");
            Assert.True(job.IsNew);
            jobs.Add(job.JobId);
        }

        for (var i = 0; i < cases.Length; i++)
        {
            var status = await MediaTestSupport.WaitAsync(() => generator.PollAsync(jobs[i]));
            Assert.Equal(ProviderJobState.Succeeded, status.State);
            var path = dir.File($"clip{i}.mp4");
            await generator.FetchAsync(jobs[i], path);

            var info = await MediaTestSupport.Probe.ProbeAsync(path);
            var (_, seconds, w, h) = cases[i];
            Assert.Equal(seconds, info.DurationSeconds, 0.1);
            Assert.Equal("h264", info.Video!.Codec);
            Assert.Equal((w, h), (info.Video.Width, info.Video.Height));
            Assert.Equal(24, info.Video.FrameRate, 3);
            Assert.Equal("yuv420p", info.Video.PixelFormat);
            Assert.Equal("aac", info.Audio!.Codec);
            Assert.Equal(48000, info.Audio.SampleRate);
            var atoms = MediaTestSupport.TopLevelAtoms(path);
            Assert.True(atoms.IndexOf("moov") < atoms.IndexOf("mdat"), "faststart");
        }

        Assert.Equal(cases.Length, File.ReadAllLines(generator.RendersLogPath).Length);
    }

    [Fact]
    public async Task Same_idempotency_key_returns_the_same_job_and_renders_once_even_after_restart()
    {
        using var dir = new TempDirectory();
        var options = new LocalProviderOptions { WorkDirectory = dir.Path };
        var request = new ClipRequest("A dancer in a red coat", "1:1", 4, Seed: 3);
        string jobId;
        using (var generator = new LocalClipGenerator(options))
        {
            var first = generator.SubmitAsync(request, "scene-1-attempt-1");
            var second = generator.SubmitAsync(request, "scene-1-attempt-1");
            var jobs = await Task.WhenAll(first, second);
            Assert.Equal(jobs[0].JobId, jobs[1].JobId);
            jobId = jobs[0].JobId;
            Assert.Equal(ProviderJobState.Succeeded, (await MediaTestSupport.WaitAsync(() => generator.PollAsync(jobId))).State);

            var third = await generator.SubmitAsync(request, "scene-1-attempt-1");
            Assert.Equal(jobId, third.JobId);
            Assert.False(third.IsNew);
            Assert.Single(File.ReadAllLines(generator.RendersLogPath));

            await Assert.ThrowsAsync<ProviderException>(() => generator.SubmitAsync(request with { Seed = 4 }, "scene-1-attempt-1"));
        }

        // A new instance over the same folder (a restarted process) sees the finished job without rendering again.
        using (var restarted = new LocalClipGenerator(options))
        {
            var status = await restarted.PollAsync(jobId);
            Assert.Equal(ProviderJobState.Succeeded, status.State);
            var again = await restarted.SubmitAsync(request, "scene-1-attempt-1");
            Assert.False(again.IsNew);
            await restarted.FetchAsync(jobId, dir.File("out.mp4"));
            Assert.True(new FileInfo(dir.File("out.mp4")).Length > 1000);
            Assert.Single(File.ReadAllLines(restarted.RendersLogPath));
        }
    }

    [Fact]
    public async Task A_job_interrupted_mid_render_restarts_on_poll_after_restart()
    {
        using var dir = new TempDirectory();
        var options = new LocalProviderOptions { WorkDirectory = dir.Path, MinimumJobDuration = TimeSpan.FromSeconds(30) };
        var request = new ClipRequest("Interrupted scene", "1:1", 4);
        string jobId;
        using (var generator = new LocalClipGenerator(options))
        {
            jobId = (await generator.SubmitAsync(request, "interrupt")).JobId;
            await Task.Delay(300);
            Assert.False((await generator.PollAsync(jobId)).IsTerminal);
        }

        // Dispose cancelled the work like a crash would; the new instance finds it unfinished and renders it again.
        using var restarted = new LocalClipGenerator(options with { MinimumJobDuration = TimeSpan.Zero });
        var status = await MediaTestSupport.WaitAsync(() => restarted.PollAsync(jobId));
        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal(2, File.ReadAllLines(restarted.RendersLogPath).Length);
    }

    [Fact]
    public async Task Failure_switch_fails_the_job_without_retry()
    {
        using var dir = new TempDirectory();
        using var generator = new LocalClipGenerator(new LocalProviderOptions
        {
            WorkDirectory = dir.Path,
            FailWhenPromptContains = "[[fail]]",
            FailRetriablyWhenPromptContains = "[[flaky]]",
        });

        var failed = await generator.SubmitAsync(new ClipRequest("Scene 2 [[fail]]", DurationSeconds: 4), "f1");
        var status = await MediaTestSupport.WaitAsync(() => generator.PollAsync(failed.JobId));
        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.False(status.Retriable);
        Assert.Equal(ProviderErrorReason.ContentPolicy, status.Reason);
        Assert.Contains("MV_LOCAL_FAIL_PROMPT", status.Error);
        await Assert.ThrowsAsync<ProviderException>(() => generator.FetchAsync(failed.JobId, dir.File("x.mp4")));

        var flaky1 = await generator.SubmitAsync(new ClipRequest("Scene 3 [[flaky]]", "1:1", 4), "flaky-attempt-1");
        var flakyStatus = await MediaTestSupport.WaitAsync(() => generator.PollAsync(flaky1.JobId));
        Assert.Equal(ProviderJobState.Failed, flakyStatus.State);
        Assert.True(flakyStatus.Retriable);
        var flaky2 = await generator.SubmitAsync(new ClipRequest("Scene 3 [[flaky]]", "1:1", 4), "flaky-attempt-2");
        Assert.Equal(ProviderJobState.Succeeded, (await MediaTestSupport.WaitAsync(() => generator.PollAsync(flaky2.JobId))).State);
    }

    [Fact]
    public async Task Invalid_requests_are_rejected_as_validation_errors()
    {
        using var dir = new TempDirectory();
        using var generator = new LocalClipGenerator(new LocalProviderOptions { WorkDirectory = dir.Path });
        foreach (var bad in new[]
        {
            new ClipRequest("x", DurationSeconds: 5),
            new ClipRequest("x", DurationSeconds: 10),
            new ClipRequest("x", AspectRatio: "4:3"),
            new ClipRequest(" "),
            new ClipRequest("x", ReferenceImagePath: dir.File("missing.png")),
        })
        {
            var ex = await Assert.ThrowsAsync<ProviderException>(() => generator.SubmitAsync(bad, "k"));
            Assert.Equal(ProviderErrorReason.Validation, ex.Reason);
            Assert.False(ex.IsRetriable);
        }

        await Assert.ThrowsAsync<ProviderException>(() => generator.PollAsync("../../etc"));
        await Assert.ThrowsAsync<ProviderException>(() => generator.PollAsync(new string('a', 32)));
    }

    [Fact]
    public async Task Reference_image_is_composited()
    {
        using var dir = new TempDirectory();
        var options = new LocalProviderOptions { WorkDirectory = dir.Path };
        using var images = new LocalImageGenerator(options);
        var image = await images.SubmitAsync(new ImageRequest("A robot with a yellow scarf"), "img");
        Assert.Equal(ProviderJobState.Succeeded, (await MediaTestSupport.WaitAsync(() => images.PollAsync(image.JobId))).State);
        var reference = dir.File("ref.png");
        await images.FetchAsync(image.JobId, reference);

        using var clips = new LocalClipGenerator(options);
        var with = await clips.SubmitAsync(new ClipRequest("Robot scene", "16:9", 4, Seed: 1, ReferenceImagePath: reference), "with");
        var without = await clips.SubmitAsync(new ClipRequest("Robot scene", "16:9", 4, Seed: 1), "without");
        Assert.Equal(ProviderJobState.Succeeded, (await MediaTestSupport.WaitAsync(() => clips.PollAsync(with.JobId))).State);
        Assert.Equal(ProviderJobState.Succeeded, (await MediaTestSupport.WaitAsync(() => clips.PollAsync(without.JobId))).State);
        await clips.FetchAsync(with.JobId, dir.File("with.mp4"));
        await clips.FetchAsync(without.JobId, dir.File("without.mp4"));

        // The frame at 1 s differs where the reference image is drawn.
        var a = await FrameAsync(dir.File("with.mp4"), dir.File("with.png"));
        var b = await FrameAsync(dir.File("without.mp4"), dir.File("without.png"));
        Assert.NotEqual(a, b);
    }

    static async Task<byte[]> FrameAsync(string video, string png)
    {
        await MediaTestSupport.Runner.RunFfmpegAsync(["-ss", "1", "-i", video, "-frames:v", "1", "-s", "64x36", png]);
        return await File.ReadAllBytesAsync(png);
    }
}
