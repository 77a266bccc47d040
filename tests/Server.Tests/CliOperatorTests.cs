using System.Diagnostics;
using System.Net;
using MusicVideo.Server.Tests.Infrastructure;
using MusicVideo.Tests.Shared;

namespace MusicVideo.Server.Tests;

/// <summary>The operator's CLI next to a running server: lists newest first with paging, purge says why not, a second serve says why not.</summary>
public sealed class CliOperatorTests
{
    [Fact]
    public async Task InstancesVerbs_BesideARunningServer_SayWhatTheyDidAndWhy()
    {
        await using var server = await MvServer.StartAsync(new Dictionary<string, string> { ["MV_LOCAL_MIN_JOB_SECONDS"] = "120" });
        var ids = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var plan = await server.PostJsonExpectAsync("/api/mv/create_scenes?wait=60", new { idea = $"idea {i}", character_description = "someone", number_of_scenes = 1 }, HttpStatusCode.OK);
            Assert.NotNull(plan["scenes"]);
            await Task.Delay(20);
        }

        var running = await server.PostJsonExpectAsync("/api/mv/jobs", new { idea = "a long night", character_description = "an owl", number_of_scenes = 1, clip_duration = 4 }, HttpStatusCode.Accepted);
        string runningId = running["id"]!.GetValue<string>();
        await server.PollStatusAsync($"/runtime/webhooks/durabletask/instances/{runningId}", s => s["customStatus"]?["stage"]?.GetValue<string>() == "generating_clips", TimeSpan.FromSeconds(60));
        var child = DateTime.UtcNow.AddSeconds(30);
        while ((await server.Http.GetAsync($"/runtime/webhooks/durabletask/instances/{runningId}-scene1-try1")).StatusCode == HttpStatusCode.NotFound && DateTime.UtcNow < child)
        {
            await Task.Delay(100);
        }

        var all = await MusicVideoAsync(server.DataDirectory, ["instances", "list", "--all"]);
        Assert.True(all.ExitCode == 0, all.Text);
        string[] rows = all.StdoutLines;
        Assert.True(rows.Length >= 5, all.Text); // 3 scene plans, the job and its clip
        var created = rows.Select(r => DateTimeOffset.Parse(r.Split('\t')[3], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(created.OrderDescending(), created);
        Assert.Contains(rows, r => r.StartsWith(runningId + "\t", StringComparison.Ordinal));

        var first = await MusicVideoAsync(server.DataDirectory, ["instances", "list", "--top", "2"]);
        Assert.True(first.ExitCode == 0, first.Text);
        Assert.Equal(rows[..2], first.StdoutLines);
        Assert.Contains($"{rows.Length - 2} more match", first.Stderr, StringComparison.Ordinal);
        string token = first.Stderr.Split("--continue ")[1].Split(' ')[0];
        var second = await MusicVideoAsync(server.DataDirectory, ["instances", "list", "--top", "2", "--continue", token]);
        Assert.True(second.ExitCode == 0, second.Text);
        Assert.Equal(rows[2..4], second.StdoutLines);

        var purge = await MusicVideoAsync(server.DataDirectory, ["instances", "purge", runningId]);
        Assert.Equal(1, purge.ExitCode);
        Assert.Contains("terminate", purge.Text, StringComparison.Ordinal);
        Assert.Contains("Running", purge.Text, StringComparison.Ordinal);

        var serve = await MusicVideoAsync(server.DataDirectory, ["serve", "--urls", "http://127.0.0.1:0"]);
        Assert.Equal(1, serve.ExitCode);
        Assert.Contains("already using the data folder", serve.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Text, StringComparison.Ordinal);
        Assert.Single(serve.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    static async Task<CliResult> MusicVideoAsync(string dataDirectory, string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerProcess.FindAssembly(Path.Combine("src", "Server"), "musicvideo"));
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["MV_DATA_DIR"] = dataDirectory;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    sealed record CliResult(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StdoutLines => this.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public string Text => this.Stdout + this.Stderr;
    }
}
