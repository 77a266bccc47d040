using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using MusicVideo.Server.Tests.Infrastructure;
using MusicVideo.Tests.Shared.Storage;
using Xunit.Abstractions;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Durable;

/// <summary>
/// Two `musicvideo serve` processes on one azure-storage task hub, one Blob media container and one local-provider folder
/// (a stand-in for a shared remote provider): SIGKILL one mid-render, the survivor finishes every job once the dead
/// worker's partition leases expire, finished clips are not rendered again, and a restarted process takes work again.
/// </summary>
public sealed class DistributedFaultTests(ITestOutputHelper output)
{
    const int JobsBeforeKill = 6;
    const int ScenesPerJob = 2;
    const int LeaseSeconds = 10;
    // The shortest visibilities the backend accepts: how long the dead worker's taken activities and orchestration messages stay hidden.
    const int WorkItemVisibilitySeconds = 45;
    const int ControlQueueVisibilitySeconds = 15;

    [Fact]
    public async Task A_server_killed_mid_render_leaves_every_job_to_the_survivor_without_rerendering_finished_clips_and_a_restarted_server_takes_work_again()
    {
        string providers = Path.Combine(Path.GetTempPath(), "mv-server-tests", "providers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(providers);
        var settings = await AzureStorageBackendTests.SettingsAsync();
        settings["DURABLE_PARTITION_COUNT"] = "4";
        settings["DURABLE_LEASE_SECONDS"] = LeaseSeconds.ToString(CultureInfo.InvariantCulture);
        settings["DURABLE_WORK_ITEM_VISIBILITY_SECONDS"] = WorkItemVisibilitySeconds.ToString(CultureInfo.InvariantCulture);
        settings["DURABLE_CONTROL_QUEUE_VISIBILITY_SECONDS"] = ControlQueueVisibilitySeconds.ToString(CultureInfo.InvariantCulture);
        settings["MV_LOCAL_PROVIDER_DIR"] = providers;
        // Each render takes at least 3 s and each server renders one at a time, so the kill lands between finished and unfinished clips.
        settings["MV_LOCAL_MIN_JOB_SECONDS"] = "3";
        settings["MV_MAX_CONCURRENT_RENDERS"] = "1";
        string rendersLog = Path.Combine(providers, "local-clips", "renders.log");
        var partitions = new TableClient((await SharedAzurite.GetAsync()).AccountConnectionString, settings["DURABLE_TASK_HUB"] + "Partitions");

        await using var doomed = await MvServer.StartAsync(settings);
        await using var survivor = await MvServer.StartAsync(settings);
        var jobs = new List<string>();
        for (int i = 0; i < JobsBeforeKill; i++)
        {
            jobs.Add(await StartJobAsync(i % 2 == 0 ? doomed : survivor, i));
        }

        // Kill once both processes have rendered and some clips are finished while others are not.
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            var renders = Renders(rendersLog);
            int finished = FinishedClipDirectories(providers).Count;
            if (renders.Any(r => r.Pid == doomed.Pid) && renders.Any(r => r.Pid == survivor.Pid) && finished >= 2 && finished < JobsBeforeKill * ScenesPerJob)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no mid-render moment: {renders.Count} renders, {finished} finished\n{doomed.Output}");
            await Task.Delay(200);
        }

        var finishedBeforeKill = FinishedClipDirectories(providers).Select(Prompt).ToList();
        string doomedWorker = $"{Environment.MachineName}-{doomed.Pid}";
        await doomed.KillAsync();
        var sinceKill = Stopwatch.StartNew();

        // The dead worker's partitions move to the survivor once their leases expire.
        TimeSpan? leasesMoved = null;
        var completed = new HashSet<string>(StringComparer.Ordinal);
        while (completed.Count < jobs.Count)
        {
            if (leasesMoved is null && !await OwnsAnyPartitionAsync(partitions, doomedWorker))
            {
                leasesMoved = sinceKill.Elapsed;
            }

            foreach (string id in jobs.Except(completed).ToList())
            {
                // 202 while running, 200 once finished (the Durable Functions status route).
                using var response = await survivor.Http.GetAsync($"/runtime/webhooks/durabletask/instances/{id}");
                var status = await survivor.ExpectAsync(response, response.StatusCode == HttpStatusCode.Accepted ? HttpStatusCode.Accepted : HttpStatusCode.OK, "GET status");
                string runtime = Str(status, "runtimeStatus");
                Assert.True(runtime is "Running" or "Pending" or "Completed", $"job {id} is {runtime}: {status.ToJsonString()}");
                if (runtime == "Completed")
                {
                    completed.Add(id);
                }
            }

            // Well above lease + visibility (about 1 minute), well below DTFx's 5-minute default visibility.
            Assert.True(sinceKill.Elapsed < TimeSpan.FromMinutes(4), $"{completed.Count} of {jobs.Count} jobs done {sinceKill.Elapsed} after the kill\n{survivor.Output}");
            await Task.Delay(500);
        }

        var allDone = sinceKill.Elapsed;
        Assert.NotNull(leasesMoved);
        output.WriteLine($"partition leases of the killed worker moved after {leasesMoved.Value.TotalSeconds:0.0} s (lease {LeaseSeconds} s); all {jobs.Count} jobs done {allDone.TotalSeconds:0.0} s after the kill (visibility {ControlQueueVisibilitySeconds} s control queue, {WorkItemVisibilitySeconds} s work items)");

        // No clip that had finished before the kill was rendered again.
        var counts = Renders(rendersLog).GroupBy(r => r.Prompt).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(JobsBeforeKill * ScenesPerJob, counts.Count);
        foreach (string prompt in finishedBeforeKill)
        {
            Assert.True(counts[prompt] == 1, $"'{prompt}' finished before the kill and was rendered {counts[prompt]} times");
        }

        // The killed server starts again (same data folder): both processes take work. Activities come from one shared work-item
        // queue, so a warm survivor may win every render of a small batch; jobs are started in batches until the restarted
        // server has rendered too (at most five batches, 20 renders).
        await doomed.RestartAsync();
        int before = Renders(rendersLog).Count;
        var after = new List<(string Prompt, int Pid)>();
        for (int batch = 0; batch < 5 && !after.Any(r => r.Pid == doomed.Pid); batch++)
        {
            var more = new List<string>();
            for (int i = 0; i < 4; i++)
            {
                more.Add(await StartJobAsync(i % 2 == 0 ? doomed : survivor, JobsBeforeKill + (batch * 4) + i));
            }

            foreach (string id in more)
            {
                var done = await survivor.PollStatusAsync($"{survivor.BaseUrl}/runtime/webhooks/durabletask/instances/{id}", s => Str(s, "runtimeStatus") is "Completed" or "Failed" or "Terminated", TimeSpan.FromMinutes(5));
                Assert.Equal("Completed", Str(done, "runtimeStatus"));
            }

            after = Renders(rendersLog).Skip(before).ToList();
        }

        output.WriteLine($"after the restart: {after.Count(r => r.Pid == doomed.Pid)} renders by the restarted server, {after.Count(r => r.Pid == survivor.Pid)} by the survivor");
        Assert.Contains(after, r => r.Pid == doomed.Pid);
        Assert.Contains(after, r => r.Pid == survivor.Pid);
        Directory.Delete(providers, recursive: true);
    }

    static async Task<string> StartJobAsync(MvServer server, int n)
    {
        using var response = await server.PostJsonAsync("/api/mv/jobs", new
        {
            idea = $"distributed job {n}: kites over a windy hill",
            character_description = "a girl with a green scarf",
            number_of_scenes = ScenesPerJob,
            aspect_ratio = "1:1",
            clip_duration = 4,
            seed = 100 + n,
        });
        var accepted = await server.ExpectAsync(response, HttpStatusCode.Accepted, "POST /api/mv/jobs");
        return Str(accepted, "id");
    }

    static async Task<bool> OwnsAnyPartitionAsync(TableClient partitions, string worker)
    {
        await foreach (var row in partitions.QueryAsync<TableEntity>())
        {
            if (string.Equals(row.GetString("CurrentOwner"), worker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    static List<string> FinishedClipDirectories(string providers)
    {
        string root = Path.Combine(providers, "local-clips");
        return Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, "done.json"))).ToList()
            : [];
    }

    static string Prompt(string jobDirectory)
    {
        using var request = JsonDocument.Parse(File.ReadAllText(Path.Combine(jobDirectory, "request.json")));
        return request.RootElement.GetProperty("prompt").GetString()!;
    }

    static List<(string Prompt, int Pid)> Renders(string log)
    {
        if (!File.Exists(log))
        {
            return [];
        }

        string root = Path.GetDirectoryName(log)!;
        return File.ReadAllLines(log).Where(l => l.Length > 0).Select(l => l.Split('\t'))
            .Select(p => (Prompt(Path.Combine(root, p[2])), int.Parse(p[3], CultureInfo.InvariantCulture)))
            .ToList();
    }
}
