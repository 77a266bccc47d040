using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MusicVideo.Durable.Tests;

public sealed class CrashSafetyTests
{
    [Fact]
    public async Task KillDuringSequence_RestartedHostCompletes_AndCommittedActivitiesRanOnce()
    {
        string data = Directory.CreateTempSubdirectory("durable-crash-").FullName;
        string id = "crash-" + Guid.NewGuid().ToString("N");
        HashSet<int> committed;
        using var http = new HttpClient();

        await using (var first = await TestHostServer.StartAsync(data))
        {
            var start = await http.PostAsJsonAsync($"{first.BaseUrl}/runtime/webhooks/durabletask/orchestrators/Sequence/{id}", 20);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, start.StatusCode);

            // Let about a third of the steps finish, read what the store has committed, then SIGKILL the process.
            committed = [];
            for (int i = 0; i < 200 && committed.Count < 7; i++)
            {
                await Task.Delay(50);
                committed = await CompletedStepsAsync(http, first.BaseUrl, id);
            }

            await first.KillAsync();
        }

        Assert.InRange(committed.Count, 7, 19);
        await using var second = await TestHostServer.StartAsync(data);
        JsonNode? status = null;
        for (int i = 0; i < 300; i++)
        {
            status = await http.GetFromJsonAsync<JsonNode>($"{second.BaseUrl}/runtime/webhooks/durabletask/instances/{id}");
            if (status!["runtimeStatus"]!.GetValue<string>() == "Completed")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("Completed", status!["runtimeStatus"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(0, 20), status["output"]!.AsArray().Select(n => n!.GetValue<int>()));

        var starts = File.ReadAllLines(Path.Combine(data, "executions.log"))
            .Where(l => l.StartsWith("start " + id, StringComparison.Ordinal))
            .GroupBy(l => int.Parse(l.Split(' ')[2]))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(20, starts.Count);
        foreach (int step in committed)
        {
            Assert.True(starts[step] == 1, $"step {step} had completed before the kill but ran {starts[step]} times");
        }

        // Only the step in flight at the kill may have run twice.
        Assert.True(starts.Values.Count(c => c > 1) <= 1, "more than the in-flight step ran twice: " + string.Join(",", starts));
    }

    static async Task<HashSet<int>> CompletedStepsAsync(HttpClient http, string baseUrl, string id)
    {
        var response = await http.GetAsync($"{baseUrl}/runtime/webhooks/durabletask/instances/{id}?showHistory=true&showHistoryOutput=true");
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var status = await response.Content.ReadFromJsonAsync<JsonNode>();
        return status!["historyEvents"]!.AsArray()
            .Where(e => e!["EventType"]!.GetValue<string>() == "TaskCompleted")
            .Select(e => e!["Result"]!.GetValue<int>())
            .ToHashSet();
    }
}
