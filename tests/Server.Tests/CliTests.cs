using System.Diagnostics;
using System.Text.Json.Nodes;
using MusicVideo.ProviderStandIns;
using MusicVideo.Server.Tests.Infrastructure;
using MusicVideo.Tests.Shared;

namespace MusicVideo.Server.Tests;

/// <summary>The musicvideo command line as a user runs it: a real process over a fresh data folder.</summary>
public sealed class CliTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("mv-cli-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Run_ValidRequest_WritesTheMp4AndPrintsItsPath_ThenInstancesVerbsManageTheJob()
    {
        string output = Path.Combine(_data, "video.mp4");
        var run = await this.MusicVideoAsync(
            ["run", "--idea", "paper boats in a storm drain", "--character", "a girl in a yellow raincoat", "--scenes", "2", "--clip-seconds", "4", "--aspect", "1:1", "--out", output]);

        Assert.True(run.ExitCode == 0, run.Text);
        Assert.Equal(output, run.StdoutLines[^1]);
        var probe = await MediaTools.ProbeAsync(await File.ReadAllBytesAsync(output));
        Assert.Equal(8, probe.DurationSeconds, 0.2);
        Assert.Equal([(720, 720)], probe.VideoStreams);
        Assert.Equal(1, probe.AudioStreams);
        Assert.DoesNotContain("\u001b[", run.Text, StringComparison.Ordinal);

        string jobId = run.StdoutLines.First(l => l.StartsWith("Job ", StringComparison.Ordinal)).Split(' ')[1];
        var list = await this.MusicVideoAsync(["instances", "list", "--status", "Completed", "--prefix", jobId]);
        Assert.True(list.ExitCode == 0, list.Text);
        Assert.Contains(jobId, list.Text, StringComparison.Ordinal);

        var show = await this.MusicVideoAsync(["instances", "show", jobId]);
        Assert.True(show.ExitCode == 0, show.Text);
        var status = JsonNode.Parse(show.Stdout)!;
        Assert.Equal("Completed", status["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("MusicVideoJob", status["name"]!.GetValue<string>());

        var rewind = await this.MusicVideoAsync(["instances", "rewind", jobId]);
        Assert.Equal(1, rewind.ExitCode);
        Assert.Contains("only Failed instances can be rewound", rewind.Text, StringComparison.Ordinal);

        var purge = await this.MusicVideoAsync(["instances", "purge", jobId]);
        Assert.True(purge.ExitCode == 0, purge.Text);
        var gone = await this.MusicVideoAsync(["instances", "show", jobId]);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("no instance", gone.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidAspectRatio_ExitsWithTwoAndSaysWhatToFix()
    {
        var run = await this.MusicVideoAsync(["run", "--idea", "x", "--character", "y", "--aspect", "4:3"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("aspect_ratio must be one of 16:9, 9:16, 1:1", run.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EveryClipFails_ExitsNonZeroWithTheReason()
    {
        var run = await this.MusicVideoAsync(
            ["run", "--idea", "zebras crossing a bridge", "--character", "a zebra", "--scenes", "1", "--clip-seconds", "4"],
            new Dictionary<string, string> { ["MV_LOCAL_FAIL_PROMPT"] = "zebra" });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No clip could be generated", run.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PlanFailsForGoodAfterPaidCalls_PrintsWhatTheCallsCost()
    {
        await using var gemini = new GeminiStandIn();
        await gemini.StartAsync();
        gemini.AnswerMalformed(2);
        var run = await this.MusicVideoAsync(
            ["run", "--idea", "paper boats in a storm drain", "--character", "a girl in a yellow raincoat", "--scenes", "2", "--clip-seconds", "4"],
            new Dictionary<string, string>
            {
                ["SCENE_PROVIDER"] = "gemini",
                ["GEMINI_API_KEY"] = GeminiStandIn.DefaultApiKey,
                ["GEMINI_BASE_URL"] = gemini.BaseUrl.ToString(),
                ["SCENE_MAX_ATTEMPTS"] = "2",
            });

        Assert.True(run.ExitCode == 1, run.Text);
        // The console wraps long lines at 80 columns when redirected: compare the words.
        string text = System.Text.RegularExpressions.Regex.Replace(run.Text, @"\s+", " ");
        Assert.Contains("returned unusable scenes 2 times", text, StringComparison.Ordinal);
        // Both malformed answers were paid, at the built-in gemini-2.5-pro price (thoughts billed as output).
        var usage = gemini.UsageReported;
        Assert.Equal(2, usage.Count);
        static long N(JsonObject u, string name) => u[name]?.GetValue<long>() ?? 0;
        decimal spent = usage.Sum(u => Math.Round(((1.25m * N(u, "promptTokenCount")) + (10m * (N(u, "candidatesTokenCount") + N(u, "thoughtsTokenCount")))) / 1_000_000m, 6));
        string usd = "$" + spent.ToString("0.00####", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Provider cost spent {usd} (scenes {usd}, clips $0.00).", text, StringComparison.Ordinal);
    }

    async Task<CliResult> MusicVideoAsync(string[] arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _data,
        };
        info.ArgumentList.Add(ServerProcess.FindAssembly(Path.Combine("src", "Server"), "musicvideo"));
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["MV_DATA_DIR"] = Path.Combine(_data, "data");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    sealed record CliResult(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StdoutLines => this.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public string Text => this.Stdout + this.Stderr;
    }
}
