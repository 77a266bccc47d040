using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MusicVideo.ProviderStandIns.Replicate;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Providers;

/// <summary>The webhook path: signed deliveries raise one event per prediction; bad, stale, duplicate and lost deliveries are handled.</summary>
public sealed class ReplicateWebhookTests
{
    static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Webhook_DeliveredTwice_RaisesOneEventPerClipAndNothingIsPolled()
    {
        await using var rig = await ReplicateRig.StartAsync(webhooks: true, TimeSpan.FromSeconds(1), configure: r => r.Webhooks = WebhookDelivery.Twice);
        var accepted = await rig.StartJobAsync(2);
        var job = await rig.WaitForJobAsync(accepted, JobTimeout);
        Assert.True(Str(job, "status") == "Completed", job.ToJsonString());

        // Both deliveries were accepted (Replicate must not retry), but each webhook-id was acted on once.
        await WaitUntilAsync(() => rig.Replicate.WebhookDeliveries.Count == 4);
        Assert.All(rig.Replicate.WebhookDeliveries, d => Assert.Equal(200, d.Status));
        Assert.Equal(2, rig.Replicate.WebhookDeliveries.Select(d => d.WebhookId).Distinct().Count());
        string jobId = Str(accepted, "id");
        for (int scene = 1; scene <= 2; scene++)
        {
            Assert.Equal(1, await RaisedEventsAsync(rig.Server, $"{jobId}-scene{scene}-try1"));
        }

        Assert.All(rig.Replicate.Predictions, p => Assert.Equal(0, rig.PollsOf(p.Id)));
    }

    [Fact]
    public async Task Webhook_WithABadSignature_Gets401RaisesNothingAndTheClipCompletesByPolling()
    {
        await using var rig = await ReplicateRig.StartAsync(
            webhooks: true, TimeSpan.FromSeconds(1), new Dictionary<string, string> { ["REPLICATE_WEBHOOK_WAIT_SECONDS"] = "3" }, r => r.Webhooks = WebhookDelivery.BadSignature);
        var accepted = await rig.StartJobAsync(1);
        var job = await rig.WaitForJobAsync(accepted, JobTimeout);
        Assert.True(Str(job, "status") == "Completed", job.ToJsonString());
        await WaitUntilAsync(() => !rig.Replicate.WebhookDeliveries.IsEmpty);
        Assert.All(rig.Replicate.WebhookDeliveries, d => Assert.Equal(401, d.Status));
        Assert.Equal(0, await RaisedEventsAsync(rig.Server, Str(accepted, "id") + "-scene1-try1"));
        Assert.True(rig.PollsOf(rig.Replicate.Predictions.Single().Id) >= 1);

        // A correctly signed but stale delivery (10 minutes old) and an unsigned one are refused too, in our error shape.
        string payload = rig.Replicate.ToJson(rig.Replicate.Predictions.Single()).ToJsonString();
        var (id, timestamp, signature) = ReplicateStandIn.Sign(rig.Replicate.WebhookSecret, payload, at: DateTimeOffset.UtcNow.AddMinutes(-10));
        foreach (var headers in new[] { new[] { ("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", signature) }, [] })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/mv/webhooks/replicate?instance=" + Str(accepted, "id") + "-scene1-try1")
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            };
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }

            var (status, body, text) = await rig.Server.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("unauthorized", Str(body, "error"));
            Assert.DoesNotContain("whsec_", text);
        }
    }

    [Fact]
    public async Task Webhook_LostOrLate_TheClipCompletesByPolling()
    {
        await using var rig = await ReplicateRig.StartAsync(
            webhooks: true, TimeSpan.FromSeconds(1), new Dictionary<string, string> { ["REPLICATE_WEBHOOK_WAIT_SECONDS"] = "2" }, r =>
            {
                r.Webhooks = WebhookDelivery.Late;
                r.WebhookDelay = TimeSpan.FromSeconds(8);
            });
        var late = await rig.WaitForJobAsync(await rig.StartJobAsync(1), JobTimeout);
        Assert.True(Str(late, "status") == "Completed", late.ToJsonString());
        Assert.True(rig.PollsOf(rig.Replicate.Predictions.Single().Id) >= 1);

        // The late delivery finds nobody waiting and is acknowledged without effect.
        await WaitUntilAsync(() => !rig.Replicate.WebhookDeliveries.IsEmpty, TimeSpan.FromSeconds(20));
        Assert.Equal(200, rig.Replicate.WebhookDeliveries.Single().Status);

        rig.Replicate.Webhooks = WebhookDelivery.Never;
        var lost = await rig.WaitForJobAsync(await rig.StartJobAsync(2, seed: 9), JobTimeout);
        Assert.True(Str(lost, "status") == "Completed", lost.ToJsonString());
        Assert.Single(rig.Replicate.WebhookDeliveries);
    }

    internal static async Task<int> RaisedEventsAsync(MvServer server, string instanceId)
    {
        var status = await server.GetJsonAsync($"/runtime/webhooks/durabletask/instances/{instanceId}?showHistory=true");
        return status["historyEvents"]!.AsArray().Count(e => Str(e, "EventType") == "EventRaised");
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "the condition did not hold in time");
    }
}
