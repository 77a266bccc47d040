using System.Net;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Providers;

/// <summary>A crash never creates a prediction twice for one attempt, and terminating a job cancels its running predictions.</summary>
public sealed class ReplicateCrashAndCancelTests
{
    [Fact]
    public async Task ServerKilled_WhilePredictionsRun_NoAttemptCreatesTwiceAndTheJobCompletes()
    {
        await using var rig = await ReplicateRig.StartAsync(
            webhooks: true, TimeSpan.FromSeconds(8), new Dictionary<string, string> { ["REPLICATE_WEBHOOK_WAIT_SECONDS"] = "5" });
        var accepted = await rig.StartJobAsync(3);
        await ReplicateWebhookTests.WaitUntilAsync(() => rig.VideoCreates().Count == 3, TimeSpan.FromSeconds(60));
        await Task.Delay(500);
        await rig.Server.KillAsync();
        await rig.Server.RestartAsync();
        rig.Retarget();

        string jobId = Str(accepted, "id");
        await rig.Server.PollStatusAsync($"/runtime/webhooks/durabletask/instances/{jobId}", s => Str(s, "runtimeStatus") is not ("Running" or "Pending"), TimeSpan.FromSeconds(120));
        var job = await rig.Server.GetJsonAsync("/api/mv/jobs/" + jobId);
        Assert.True(Str(job, "status") == "Completed", job.ToJsonString() + "\n" + rig.Server.Output);

        // Each attempt (one clip orchestration, named in its webhook URL) created exactly one prediction.
        var perAttempt = rig.VideoCreates().GroupBy(r => Str(r.Json(), "webhook")).ToList();
        Assert.Equal(3, perAttempt.Count);
        Assert.All(perAttempt, g => Assert.True(g.Count() == 1, $"{g.Key} created {g.Count()} predictions"));
    }

    [Fact]
    public async Task TerminateJob_MidGeneration_CancelsEveryRunningPrediction()
    {
        await using var rig = await ReplicateRig.StartAsync(webhooks: false, TimeSpan.FromSeconds(120));
        var accepted = await rig.StartJobAsync(3);
        await ReplicateWebhookTests.WaitUntilAsync(() => rig.VideoCreates().Count == 3, TimeSpan.FromSeconds(60));
        string jobId = Str(accepted, "id");
        using var terminate = await rig.Server.Http.PostAsync($"/runtime/webhooks/durabletask/instances/{jobId}/terminate?reason=stop+paying", null);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);

        var ids = rig.Replicate.Predictions.Select(p => p.Id).ToList();
        Assert.Equal(3, ids.Count);
        await ReplicateWebhookTests.WaitUntilAsync(
            () => ids.All(id => rig.Replicate.Requests.Where("POST", p => p == $"/v1/predictions/{id}/cancel").Count >= 1), TimeSpan.FromSeconds(45));
        Assert.All(rig.Replicate.Predictions, p => Assert.Equal("canceled", p.Status));
        Assert.All(rig.Replicate.Requests.Where("POST", p => p.EndsWith("/cancel", StringComparison.Ordinal)), r => Assert.Equal("Bearer " + rig.Replicate.ApiToken, r.Header("Authorization")));
    }
}
