using System.Diagnostics;
using MusicVideo.Core.Media;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Media;

public sealed class FfmpegRunnerTests
{
    [Fact]
    public async Task Reports_progress_with_out_time_and_fraction()
    {
        var reports = new List<FfmpegProgress>();
        var progress = new SyncProgress<FfmpegProgress>(reports.Add);
        await MediaTestSupport.Runner.RunFfmpegAsync(
            ["-f", "lavfi", "-i", "testsrc2=s=160x120:r=24:d=3", "-f", "null", "-"], TimeSpan.FromSeconds(3), progress);

        Assert.NotEmpty(reports);
        Assert.Equal(1, reports[^1].Fraction);
        Assert.InRange(reports[^1].OutTime.TotalSeconds, 2.9, 3.1);
    }

    [Fact]
    public async Task Failure_carries_the_stderr_tail_in_the_message()
    {
        var ex = await Assert.ThrowsAsync<FfmpegException>(() =>
            MediaTestSupport.Runner.RunFfmpegAsync(["-i", "/nonexistent/input.mp4", "-f", "null", "-"]));
        Assert.NotEqual(0, ex.ExitCode);
        Assert.Contains("No such file or directory", ex.Message);
        Assert.Contains("No such file or directory", ex.StderrTail);
    }

    [Fact]
    public async Task Missing_executable_says_how_to_install()
    {
        var runner = new FfmpegRunner(new FfmpegOptions(FfmpegPath: "/nonexistent/ffmpeg-missing"));
        var ex = await Assert.ThrowsAsync<FfmpegException>(() => runner.GetVersionAsync());
        Assert.Null(ex.ExitCode);
        Assert.Contains("eng/install-deps.sh", ex.Message);
        Assert.Contains("apt-get install", ex.Message);
    }

    [Fact]
    public async Task Cancellation_kills_the_process_promptly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        var sw = Stopwatch.StartNew();
        // -re paces reading at real time, so this would run for 60 s if not killed.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MediaTestSupport.Runner.RunFfmpegAsync(
            ["-re", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=24:d=60", "-f", "null", "-"], cancellationToken: cts.Token));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
    }

    [Fact]
    public async Task Version_is_reported()
    {
        var version = await MediaTestSupport.Runner.GetVersionAsync();
        Assert.StartsWith("ffmpeg version", version);
    }

    sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value)
        {
            lock (this)
            {
                handler(value);
            }
        }
    }
}
