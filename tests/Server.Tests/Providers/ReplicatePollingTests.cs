using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Providers;

/// <summary>Polling without webhooks: the first read comes shortly after the create, and the waits double up to the configured interval.</summary>
public sealed class ReplicatePollingTests
{
    [Fact]
    public async Task Polling_StartsTwoSecondsAfterTheCreateAndDoublesItsWaitUpToTheInterval()
    {
        // 6 s interval, clip done 13 s after its create: reads due at 2, 6 (+4), 12 (+6, the cap), 18 (+6) s.
        await using var rig = await ReplicateRig.StartAsync(
            webhooks: false, TimeSpan.FromSeconds(13), new Dictionary<string, string> { ["REPLICATE_POLL_SECONDS"] = "6" });
        var accepted = await rig.StartJobAsync(1);
        var job = await rig.WaitForJobAsync(accepted, TimeSpan.FromSeconds(150));
        Assert.True(Str(job, "status") == "Completed", job.ToJsonString());

        // A just-created prediction is never read at once (durable timers never fire early, so this holds on any machine).
        var prediction = rig.Replicate.Predictions.Single();
        var created = rig.VideoCreates().Single().ReceivedAt;
        var reads = rig.Replicate.Requests.Where("GET", p => p == "/v1/predictions/" + prediction.Id).Select(r => r.ReceivedAt).ToList();
        Assert.NotEmpty(reads);
        Assert.True((reads[0] - created).TotalSeconds >= 1.95, $"the first read came {(reads[0] - created).TotalSeconds:0.00} s after the create");

        // The clip's durable timers: 2 s before the first read, then 4, then the 6 s interval.
        var history = await rig.Server.GetJsonAsync($"/runtime/webhooks/durabletask/instances/{Str(accepted, "id")}-scene1-try1?showHistory=true");
        var timers = history["historyEvents"]!.AsArray()
            .Where(e => Str(e, "EventType") == "TimerCreated")
            .Select(e => (DateTime.Parse(Str(e, "FireAt"), null, System.Globalization.DateTimeStyles.RoundtripKind)
                - DateTime.Parse(Str(e, "Timestamp"), null, System.Globalization.DateTimeStyles.RoundtripKind)).TotalSeconds)
            .ToList();
        string all = string.Join(", ", timers.Select(t => t.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(timers.Count >= 3, $"expected at least 3 poll timers for a 13 s prediction, got: {all}");
        double[] expected = [2, 4, 6, 6];
        for (int i = 0; i < Math.Min(timers.Count, expected.Length); i++)
        {
            Assert.True(Math.Abs(timers[i] - expected[i]) < 0.5, $"poll timer {i + 1} waited {timers[i]:0.00} s, expected {expected[i]} s (all: {all})");
        }
    }
}
