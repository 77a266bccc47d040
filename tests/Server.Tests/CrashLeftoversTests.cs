using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>A SIGKILLed server leaves nothing running and nothing behind: ffmpeg dies with it, stale work files go at the next start.</summary>
public sealed class CrashLeftoversTests
{
    [Fact]
    public async Task Sigkill_DuringARender_KillsTheFfmpegChildren_AndTheRestartedJobCompletes()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("SKIPPED Sigkill_DuringARender_KillsTheFfmpegChildren: needs Linux /proc and setpriv.");
            return;
        }

        await using var server = await MvServer.StartAsync(new Dictionary<string, string> { ["MV_MAX_CONCURRENT_RENDERS"] = "1" });
        var accepted = await server.PostJsonExpectAsync("/api/mv/jobs", new { idea = "a train through snow", character_description = "a conductor", number_of_scenes = 3, clip_duration = 8 }, HttpStatusCode.Accepted);

        int[] renders = [];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (renders.Length == 0 && DateTime.UtcNow < deadline)
        {
            renders = FfmpegProcessesIn(server.DataDirectory);
            await Task.Delay(20);
        }

        Assert.True(renders.Length > 0, "no ffmpeg render was seen");

        // SIGKILL the server alone (not its process tree), as the OOM killer or `kill -9` would.
        Process.GetProcessById(server.Pid).Kill(entireProcessTree: false);
        await Task.Delay(300);
        var survivors = renders.Where(IsAlive).ToArray();
        Assert.True(survivors.Length == 0, $"ffmpeg {string.Join(", ", survivors)} kept running after its server was killed");

        await server.RestartAsync();
        // The status URL of the 202 names the old port; the restarted server listens elsewhere.
        var status = await server.PollStatusAsync($"/runtime/webhooks/durabletask/instances/{Str(accepted, "id")}", s => s["runtimeStatus"]?.GetValue<string>() is not ("Running" or "Pending"));
        Assert.Equal("Completed", status["runtimeStatus"]!.GetValue<string>());
        await AssertVideoAsync(server, Str(CompletedOutput(status), "video_url"), 24, (1280, 720));
    }

    [Fact]
    public async Task Restart_AfterAKillDuringUploadAndStitching_RemovesTheLeftovers()
    {
        await using var server = await MvServer.StartAsync();
        string tmp = Path.Combine(server.DataDirectory, "tmp");

        // A kill during an upload: the multipart body is being spooled when the server dies.
        var gate = new TaskCompletionSource();
        using var form = new MultipartFormDataContent();
        var file = new StalledContent(1024 * 1024, gate.Task);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");
        form.Add(file, "file", "song.mp3");
        var upload = server.Http.PostAsync("/api/mv/songs", form);
        string spool = Path.Combine(tmp, "uploads");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(Directory.Exists(spool) && Directory.EnumerateFiles(spool).Any()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(Directory.Exists(spool) && Directory.EnumerateFiles(spool).Any(), "the upload was not spooled inside the data folder");
        await server.KillAsync();
        gate.SetResult();
        await Assert.ThrowsAnyAsync<Exception>(() => upload);

        // What a kill during stitching and during an import leaves (names as the server makes them).
        string stitch = Directory.CreateDirectory(Path.Combine(tmp, $".stitch-{Guid.NewGuid():N}")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(stitch, "part-0.mp4"), new byte[300_000]);
        await File.WriteAllBytesAsync(Path.Combine(tmp, $"upload-{Guid.NewGuid():N}"), new byte[200_000]);
        string clipJob = Directory.CreateDirectory(Path.Combine(server.DataDirectory, "providers", "local-clips", new string('a', 32))).FullName;
        await File.WriteAllBytesAsync(Path.Combine(clipJob, ".rendering.mp4"), new byte[100_000]);

        await server.RestartAsync();

        Assert.Equal(["uploads"], Directory.EnumerateFileSystemEntries(tmp).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFileSystemEntries(spool));
        Assert.False(File.Exists(Path.Combine(clipJob, ".rendering.mp4")));
        Assert.Contains("stale work file(s)", server.Output, StringComparison.Ordinal);
        Assert.Equal("ok", (await server.GetJsonAsync("/healthz"))["status"]?.GetValue<string>());
    }

    /// <summary>ffmpeg processes whose command line names the data folder (the server's renders).</summary>
    static int[] FfmpegProcessesIn(string dataDirectory)
    {
        var found = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }

            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(dataDirectory, StringComparison.Ordinal) && cmdline.Split(' ')[0].EndsWith("ffmpeg", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return [.. found];
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A body that sends some bytes, then waits (a client stalled mid-upload).</summary>
    sealed class StalledContent(int bytes, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(new byte[bytes]);
            await stream.FlushAsync();
            await release;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
