using System.Text.Json.Nodes;
using MusicVideo.ProviderStandIns;
using MusicVideo.ProviderStandIns.Replicate;
using MusicVideo.Server.Tests.Infrastructure;

namespace MusicVideo.Server.Tests.Providers;

/// <summary>A real server configured for Replicate images and clips against the Replicate stand-in, optionally with webhooks through a public relay.</summary>
sealed class ReplicateRig : IAsyncDisposable
{
    ReplicateRig(ReplicateStandIn replicate, PublicRelay? relay, MvServer server, string priceFile)
    {
        Replicate = replicate;
        Relay = relay;
        Server = server;
        PriceFile = priceFile;
    }

    /// <summary>The price the rig's price table gives the stand-in's video model per second of predict time.</summary>
    public const decimal VideoPricePerPredictSecond = 0.0125m;

    public ReplicateStandIn Replicate { get; }

    public PublicRelay? Relay { get; }

    public MvServer Server { get; }

    string PriceFile { get; }

    /// <summary>Starts the stand-in (and the relay when <paramref name="webhooks"/>), then the server pointed at them.</summary>
    public static async Task<ReplicateRig> StartAsync(bool webhooks, TimeSpan latency, IDictionary<string, string>? extra = null, Action<ReplicateStandIn>? configure = null)
    {
        var replicate = new ReplicateStandIn { Latency = latency };
        configure?.Invoke(replicate);
        await replicate.StartAsync();
        PublicRelay? relay = null;
        if (webhooks)
        {
            relay = new PublicRelay();
            await relay.StartAsync();
        }

        string prices = Path.Combine(Path.GetTempPath(), $"mv-prices-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(prices, "{\"google/veo-3.1\": {\"per_predict_second\": " + VideoPricePerPredictSecond.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}, \"google/imagen-4\": {\"per_output\": 0.04}}");
        var switches = new Dictionary<string, string>
        {
            ["IMAGE_PROVIDER"] = "replicate",
            ["VIDEO_PROVIDER"] = "replicate",
            ["REPLICATE_API_TOKEN"] = replicate.ApiToken,
            ["REPLICATE_API_BASE_URL"] = replicate.BaseUrl.ToString(),
            ["REPLICATE_POLL_SECONDS"] = "1",
            ["REPLICATE_PRICES_FILE"] = prices,
            ["MV_CLIP_RETRY_DELAY_SECONDS"] = "1",
        };
        if (relay is not null)
        {
            switches["MV_PUBLIC_BASE_URL"] = relay.BaseUrl.ToString();
            switches["REPLICATE_WEBHOOK_SECRET"] = replicate.WebhookSecret;
            switches["REPLICATE_WEBHOOK_WAIT_SECONDS"] = "30";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            switches[key] = value;
        }

        var server = await MvServer.StartAsync(switches);
        if (relay is not null)
        {
            relay.Target = new Uri(server.BaseUrl.TrimEnd('/') + "/");
        }

        return new ReplicateRig(replicate, relay, server, prices);
    }

    /// <summary>Re-points the relay after a restart (the server's port changes).</summary>
    public void Retarget()
    {
        if (Relay is not null)
        {
            Relay.Target = new Uri(Server.BaseUrl.TrimEnd('/') + "/");
        }
    }

    /// <summary>Creates made for the video model.</summary>
    public IReadOnlyList<RecordedRequest> VideoCreates() => Replicate.Requests.Where("POST", p => p == "/v1/models/google/veo-3.1/predictions");

    /// <summary>Creates made for the image model.</summary>
    public IReadOnlyList<RecordedRequest> ImageCreates() => Replicate.Requests.Where("POST", p => p == "/v1/models/google/imagen-4/predictions");

    /// <summary>Reads of one prediction.</summary>
    public int PollsOf(string predictionId) => Replicate.Requests.Where("GET", p => p == "/v1/predictions/" + predictionId).Count;

    /// <summary>Starts a job and returns its 202 payload.</summary>
    public async Task<JsonNode> StartJobAsync(int scenes, string? characterReferenceId = null, int seed = 5)
    {
        using var response = await Server.PostJsonAsync("/api/mv/jobs", new
        {
            idea = "a lighthouse keeper who paints the storm",
            character_description = "an old keeper in a yellow raincoat",
            character_reference_id = characterReferenceId,
            number_of_scenes = scenes,
            clip_duration = 8,
            seed,
        });
        return await Server.ExpectAsync(response, System.Net.HttpStatusCode.Accepted, "POST /api/mv/jobs");
    }

    /// <summary>Waits for a job to finish and returns the job view.</summary>
    public async Task<JsonNode> WaitForJobAsync(JsonNode accepted, TimeSpan timeout)
    {
        await Server.WaitForStatusAsync(accepted, timeout);
        return await Server.GetJsonAsync("/api/mv/jobs/" + accepted["id"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        await Replicate.DisposeAsync();
        File.Delete(PriceFile);
    }
}
