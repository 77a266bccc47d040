using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MusicVideo.ProviderStandIns;
using MusicVideo.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Providers;

/// <summary>
/// What jobs cost, on a real server against the stand-ins: character references, the scene plan (every model call, also the malformed
/// ones asked again) and every clip attempt, each equal to what the stand-ins' metrics and usage imply under the configured prices.
/// </summary>
public sealed class ProviderCostTests(ITestOutputHelper output)
{
    /// <summary>The rig's price of one google/imagen-4 image.</summary>
    const decimal ImagePrice = 0.04m;

    /// <summary>Google's list price of gemini-2.5-pro per million tokens (the built-in table), prompts under 200k tokens.</summary>
    const decimal GeminiInputPerMillion = 1.25m;
    const decimal GeminiOutputPerMillion = 10.00m;

    [Fact]
    public async Task Job_WithReplicateReferencesGeminiScenesAndReplicateClips_CostsWhatTheStandInsMetricsAndUsageImply()
    {
        await using var gemini = new GeminiStandIn();
        await gemini.StartAsync();
        gemini.AnswerMalformed(1);
        await using var rig = await ReplicateRig.StartAsync(
            webhooks: false,
            TimeSpan.FromSeconds(4),
            extra: new Dictionary<string, string>
            {
                ["SCENE_PROVIDER"] = "gemini",
                ["GEMINI_API_KEY"] = GeminiStandIn.DefaultApiKey,
                ["GEMINI_BASE_URL"] = gemini.BaseUrl.ToString(),
            },
            configure: r => r.PredictTime = p => p.Model == "google/veo-3.1" ? 40 + p.Input["seed"]!.GetValue<int>() : 3);

        // References through the seed route: each image and the request priced per image.
        var refs = await rig.Server.PostJsonExpectAsync(
            "/api/mv/generate_character_reference", new { character_description = "an old keeper in a yellow raincoat", num_images = 2, seed = 7 }, HttpStatusCode.OK);
        var images = refs["images"]!.AsArray();
        var imagePredictions = rig.Replicate.Predictions.Where(p => p.Model == "google/imagen-4").ToList();
        Assert.Equal(2, imagePredictions.Count(p => p.Status == "succeeded"));
        Assert.All(images, i => Assert.Equal(ImagePrice, i!["cost_usd"]!.GetValue<decimal>()));
        Assert.Equal(imagePredictions.Count(p => p.Status == "succeeded") * ImagePrice, refs["metadata"]!["cost_usd"]!.GetValue<decimal>());

        // The same operation started asynchronously: its live status and its result agree.
        using var asyncRequest = new HttpRequestMessage(HttpMethod.Post, "/api/mv/generate_character_reference")
        {
            Content = MvServer.Json(new { character_description = "an old keeper in a yellow raincoat", num_images = 1, seed = 20 }),
        };
        asyncRequest.Headers.Add("Prefer", "respond-async");
        var (code, accepted, text) = await rig.Server.SendAsync(asyncRequest);
        Assert.True(code == HttpStatusCode.Accepted, text);
        var seen = new List<decimal>();
        var referencesDone = await rig.Server.PollStatusAsync(MvServer.StatusUri(accepted!), s =>
        {
            if (s["customStatus"]?["cost_usd"] is JsonValue live)
            {
                seen.Add(live.GetValue<decimal>());
            }

            return s["runtimeStatus"]!.GetValue<string>() is not ("Running" or "Pending");
        });
        Assert.Equal("Completed", Str(referencesDone, "runtimeStatus"));
        Assert.Equal(ImagePrice, referencesDone["output"]!["cost_usd"]!.GetValue<decimal>());
        Assert.Equal(ImagePrice, referencesDone["customStatus"]!["cost_usd"]!.GetValue<decimal>());
        Assert.All(seen, c => Assert.InRange(c, 0m, ImagePrice));

        // A 3-scene job with the first reference; Gemini's first answer is malformed, so the plan takes two paid calls.
        var job = await rig.StartJobAsync(3, Str(images[0], "id"));
        string jobPath = "/api/mv/jobs/" + Str(job, "id");
        var snapshots = new List<JsonNode>();
        var done = await rig.Server.PollStatusAsync(MvServer.StatusUri(job), s =>
        {
            if (s["customStatus"] is JsonObject live)
            {
                snapshots.Add(live.DeepClone());
            }

            return s["runtimeStatus"]!.GetValue<string>() is not ("Running" or "Pending");
        }, TimeSpan.FromSeconds(150));
        Assert.Equal("Completed", Str(done, "runtimeStatus"));

        var usage = gemini.UsageReported;
        Assert.Equal(2, usage.Count);
        decimal planCost = usage.Sum(u => Math.Round(
            ((GeminiInputPerMillion * Count(u, "promptTokenCount")) + (GeminiOutputPerMillion * (Count(u, "candidatesTokenCount") + Count(u, "thoughtsTokenCount")))) / 1_000_000m, 6));
        Assert.True(planCost > 0);
        var clipPredictions = rig.Replicate.Predictions.Where(p => p.Model == "google/veo-3.1").ToList();
        Assert.Equal(3, clipPredictions.Count);
        decimal clipsCost = clipPredictions.Sum(p => (decimal)p.PredictTime!.Value * ReplicateRig.VideoPricePerPredictSecond);

        // While it ran: the plan's cost from the moment clips started, and the total always the plan plus the scenes so far.
        var running = snapshots.Where(s => s["stage"]?.GetValue<string>() == "generating_clips").ToList();
        Assert.NotEmpty(running);
        Assert.All(running, s =>
        {
            Assert.Equal(planCost, s["plan_cost_usd"]!.GetValue<decimal>());
            Assert.Equal(planCost + s["scenes"]!.AsArray().Sum(x => x!["cost_usd"]!.GetValue<decimal>()), s["cost_usd"]!.GetValue<decimal>());
        });
        var costs = snapshots.Select(s => s["cost_usd"]!.GetValue<decimal>()).ToList();
        Assert.Equal(costs.Order(), costs);

        // At the end: status, result and the job view all say plan + clips; the reference's cost is shown beside it.
        Assert.Equal(planCost + clipsCost, done["output"]!["cost_usd"]!.GetValue<decimal>());
        Assert.Equal(planCost, done["output"]!["plan_cost_usd"]!.GetValue<decimal>());
        Assert.Equal(planCost + clipsCost, done["customStatus"]!["cost_usd"]!.GetValue<decimal>());
        var view = await rig.Server.GetJsonAsync(jobPath);
        Assert.Equal(planCost + clipsCost, view["cost_usd"]!.GetValue<decimal>());
        Assert.Equal(planCost, view["plan_cost_usd"]!.GetValue<decimal>());
        Assert.Equal(clipsCost, Scenes(view).Sum(s => s!["cost_usd"]!.GetValue<decimal>()));
        Assert.Equal(ImagePrice, view["character_reference_cost_usd"]!.GetValue<decimal>());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"references: 2 images ${refs["metadata"]!["cost_usd"]}; plan: {usage.Count} calls, {usage.Sum(u => Count(u, "promptTokenCount"))} tokens in, {usage.Sum(u => Count(u, "candidatesTokenCount") + Count(u, "thoughtsTokenCount"))} out, ${planCost}; clips: 3 × ${clipsCost / 3:0.####} = ${clipsCost}; job ${planCost + clipsCost}"));
    }

    [Fact]
    public async Task Plan_WithOpenAICompatibleScenes_CostsThePricedUsageOfEveryCall_AndNothingWhenTheModelHasNoPrice()
    {
        await using var openai = new OpenAIStandIn();
        await openai.StartAsync();
        string prices = Path.Combine(Path.GetTempPath(), $"mv-scene-prices-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(prices, """{"gpt-4.1-mini": {"input_per_million": 0.40, "output_per_million": 1.60}}""");
        try
        {
            Dictionary<string, string> Settings(string model) => new()
            {
                ["SCENE_PROVIDER"] = "openai",
                ["OPENAI_BASE_URL"] = new Uri(openai.BaseUrl, "v1").ToString(),
                ["OPENAI_API_KEY"] = OpenAIStandIn.DefaultApiKey,
                ["OPENAI_MODEL"] = model,
                ["SCENE_PRICES_FILE"] = prices,
            };

            // A priced model, with one malformed answer asked again: a job's plan costs both calls.
            await using (var server = await MvServer.StartAsync(Settings("gpt-4.1-mini")))
            {
                openai.AnswerMalformed(1);
                var status = await server.RunAsync("/api/mv/jobs", new { idea = "a lemonade that tastes like summer", character_description = "a glass bottle", number_of_scenes = 2, clip_duration = 4 });
                var output = CompletedOutput(status);
                var usage = openai.UsageReported;
                Assert.Equal(2, usage.Count);
                decimal expected = usage.Sum(u => Math.Round(((0.40m * Count(u, "prompt_tokens")) + (1.60m * Count(u, "completion_tokens"))) / 1_000_000m, 6));
                Assert.True(expected > 0);
                Assert.Equal(expected, output["plan_cost_usd"]!.GetValue<decimal>());
                Assert.Equal(expected, output["cost_usd"]!.GetValue<decimal>());

                // The seed route says what its plan cost and which tokens it used.
                var answer = await server.PostJsonExpectAsync("/api/mv/create_scenes", new { idea = "a summer anthem", character_description = "a glass bottle", number_of_scenes = 2 }, HttpStatusCode.OK);
                var last = openai.UsageReported[^1];
                Assert.Equal(Math.Round(((0.40m * Count(last, "prompt_tokens")) + (1.60m * Count(last, "completion_tokens"))) / 1_000_000m, 6), answer["metadata"]!["cost_usd"]!.GetValue<decimal>());
                Assert.Equal(Count(last, "prompt_tokens"), answer["metadata"]!["usage"]!["input_tokens"]!.GetValue<long>());
                Assert.Equal(Count(last, "completion_tokens"), answer["metadata"]!["usage"]!["output_tokens"]!.GetValue<long>());
            }

            // A local model the table does not price costs nothing, though its usage is still reported.
            await using (var server = await MvServer.StartAsync(Settings("llama-3.1-8b-instruct")))
            {
                var answer = await server.PostJsonExpectAsync("/api/mv/create_scenes", new { idea = "a summer anthem", character_description = "a glass bottle", number_of_scenes = 2 }, HttpStatusCode.OK);
                Assert.Equal(0m, answer["metadata"]!["cost_usd"]!.GetValue<decimal>());
                Assert.True(answer["metadata"]!["usage"]!["input_tokens"]!.GetValue<long>() > 0);
            }
        }
        finally
        {
            File.Delete(prices);
        }
    }

    [Fact]
    public async Task Plan_WhoseActivityFailsAfterAPaidMalformedAnswer_CostsEveryCallOfEveryAttempt_AndAPlanThatFailsForGoodShowsWhatItSpent()
    {
        await using var gemini = new GeminiStandIn();
        await gemini.StartAsync();
        await using var server = await MvServer.StartAsync(new Dictionary<string, string>
        {
            ["SCENE_PROVIDER"] = "gemini",
            ["GEMINI_API_KEY"] = GeminiStandIn.DefaultApiKey,
            ["GEMINI_BASE_URL"] = gemini.BaseUrl.ToString(),
            ["SCENE_MAX_ATTEMPTS"] = "2",
        });

        // The first answer is malformed (paid); the call that asks again gets a 500 on every HTTP attempt, so the plan activity
        // fails after one paid call; the workflow's retry then plans afresh and succeeds (paid).
        gemini.AnswerMalformed(1);
        gemini.Faults.Add(ServerErrorsOnTheAskAgain(":generateContent"));
        var accepted = await server.PostJsonExpectAsync("/api/mv/jobs", JobBody, HttpStatusCode.Accepted);
        var done = await server.WaitForStatusAsync(accepted, TimeSpan.FromMinutes(2));
        var result = CompletedOutput(done);
        Assert.Equal(HttpAttemptsPerCall, gemini.Faults.Injected(FaultKind.ServerError));
        var usage = gemini.UsageReported;
        Assert.Equal(2, usage.Count);
        decimal expected = usage.Sum(GeminiCost);
        Assert.Equal(expected, result["plan_cost_usd"]!.GetValue<decimal>());
        Assert.Equal(expected, result["cost_usd"]!.GetValue<decimal>());
        Assert.Equal(expected, done["customStatus"]!["plan_cost_usd"]!.GetValue<decimal>());
        var view = await server.GetJsonAsync("/api/mv/jobs/" + Str(accepted, "id"));
        Assert.Equal(expected, view["plan_cost_usd"]!.GetValue<decimal>());
        Assert.Equal(expected, view["cost_usd"]!.GetValue<decimal>());

        // It really was two activity attempts: the first failed with the 500, the retry returned the plan.
        var history = await server.GetJsonAsync($"/runtime/webhooks/durabletask/instances/{Str(accepted, "id")}?showHistory=true");
        var planEvents = history["historyEvents"]!.AsArray().Where(e => e?["FunctionName"]?.GetValue<string>() == "PlanScenes").ToList();
        Assert.Equal(["TaskFailed", "TaskCompleted"], planEvents.Select(e => Str(e!, "EventType")));

        // A plan that fails for good (every call malformed: not retried) fails the job, which still shows what the calls cost.
        gemini.Faults.Clear();
        gemini.AnswerMalformed(2);
        var failedAccepted = await server.PostJsonExpectAsync("/api/mv/jobs", JobBody, HttpStatusCode.Accepted);
        var failed = await server.WaitForStatusAsync(failedAccepted, TimeSpan.FromMinutes(2));
        Assert.Equal("Failed", Str(failed, "runtimeStatus"));
        var calls = gemini.UsageReported.Skip(usage.Count).ToList();
        Assert.Equal(2, calls.Count);
        decimal spent = calls.Sum(GeminiCost);
        var failedView = await server.GetJsonAsync("/api/mv/jobs/" + Str(failedAccepted, "id"));
        Assert.Equal("Failed", Str(failedView, "status"));
        Assert.Contains("returned unusable scenes 2 times", Str(failedView, "error"), StringComparison.Ordinal);
        Assert.Equal(spent, failedView["plan_cost_usd"]!.GetValue<decimal>());
        Assert.Equal(spent, failedView["cost_usd"]!.GetValue<decimal>());
        Assert.Equal(spent, failed["customStatus"]!["cost_usd"]!.GetValue<decimal>());
        Assert.Equal("writing_scenes", Str(failedView, "stage"));

        // The seed route's plan that fails for good says what its calls cost with the failure.
        gemini.AnswerMalformed(2);
        var refused = await server.PostJsonExpectAsync("/api/mv/create_scenes", new { idea = "a summer anthem", character_description = "a glass bottle", number_of_scenes = 2 }, HttpStatusCode.BadGateway);
        var seedCalls = gemini.UsageReported.Skip(usage.Count + calls.Count).ToList();
        Assert.Equal(2, seedCalls.Count);
        Assert.Equal("operation_failed", Str(refused, "error"));
        Assert.Contains("returned unusable scenes 2 times", Str(refused, "message"), StringComparison.Ordinal);
        Assert.Equal(seedCalls.Sum(GeminiCost), refused["details"]!["cost_usd"]!.GetValue<decimal>());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"retried plan: 2 paid calls over 2 activity attempts, ${expected}; failed plan: 2 paid calls, ${spent}"));
    }

    [Fact]
    public async Task Plan_WithOpenAICompatibleScenes_WhoseActivityFailsAfterAPaidMalformedAnswer_CostsEveryCall()
    {
        await using var openai = new OpenAIStandIn();
        await openai.StartAsync();
        string prices = Path.Combine(Path.GetTempPath(), $"mv-scene-prices-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(prices, """{"gpt-4.1-mini": {"input_per_million": 0.40, "output_per_million": 1.60}}""");
        try
        {
            await using var server = await MvServer.StartAsync(new Dictionary<string, string>
            {
                ["SCENE_PROVIDER"] = "openai",
                ["OPENAI_BASE_URL"] = new Uri(openai.BaseUrl, "v1").ToString(),
                ["OPENAI_API_KEY"] = OpenAIStandIn.DefaultApiKey,
                ["OPENAI_MODEL"] = "gpt-4.1-mini",
                ["SCENE_PRICES_FILE"] = prices,
            });
            openai.AnswerMalformed(1);
            openai.Faults.Add(ServerErrorsOnTheAskAgain("/chat/completions"));
            var output = CompletedOutput(await server.RunAsync("/api/mv/jobs", JobBody, TimeSpan.FromMinutes(2)));
            Assert.Equal(HttpAttemptsPerCall, openai.Faults.Injected(FaultKind.ServerError));
            var usage = openai.UsageReported;
            Assert.Equal(2, usage.Count);
            decimal expected = usage.Sum(u => Math.Round(((0.40m * Count(u, "prompt_tokens")) + (1.60m * Count(u, "completion_tokens"))) / 1_000_000m, 6));
            Assert.True(expected > 0);
            Assert.Equal(expected, output["plan_cost_usd"]!.GetValue<decimal>());
            Assert.Equal(expected, output["cost_usd"]!.GetValue<decimal>());
        }
        finally
        {
            File.Delete(prices);
        }
    }

    [Theory]
    [InlineData("SCENE_PRICES_FILE", "SCENE_PROVIDER", "gemini", "{\"gemini-2.5-pro\": {\"input_per_million\": \"cheap\"}}", "SCENE_PRICES_FILE names")]
    [InlineData("SCENE_PRICES_FILE", "SCENE_PROVIDER", "gemini", null, "which does not exist")]
    [InlineData("REPLICATE_PRICES_FILE", "VIDEO_PROVIDER", "replicate", "{\"google/veo-3.1\": {\"per_video_second\": -1}}", "REPLICATE_PRICES_FILE: the price of 'google/veo-3.1' has a negative number")]
    public async Task BadPriceFile_StopsStartUpNamingTheVariableInWords(string variable, string providerVariable, string provider, string? content, string expected)
    {
        string file = Path.Combine(Path.GetTempPath(), $"mv-bad-prices-{Guid.NewGuid():N}.json");
        if (content is not null)
        {
            await File.WriteAllTextAsync(file, content);
        }

        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MvServer.StartAsync(new Dictionary<string, string>
            {
                [providerVariable] = provider,
                ["GEMINI_API_KEY"] = "key",
                ["REPLICATE_API_TOKEN"] = "token",
                [variable] = file,
            }));
            string line = error.Message.Split('\n').SingleOrDefault(l => l.Contains("error: " + variable, StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException("no error line naming " + variable + " in: " + error.Message);
            Assert.Contains(expected, line, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>HTTP attempts of one provider call: the first and the shared pipeline's three retries (ProviderHttpOptions.MaxRetries).</summary>
    const int HttpAttemptsPerCall = 4;

    // A 500 on every HTTP attempt of the call that asks again after a malformed answer, so that plan attempt fails after one paid call.
    static FaultRule ServerErrorsOnTheAskAgain(string pathSuffix) => new()
    {
        Kind = FaultKind.ServerError,
        Method = "POST",
        Path = p => p.EndsWith(pathSuffix, StringComparison.Ordinal),
        Body = b => b.Contains("That answer could not be used", StringComparison.Ordinal),
        Times = HttpAttemptsPerCall,
    };

    static readonly object JobBody = new { idea = "a lighthouse that sings to ships", character_description = "an old keeper in a yellow raincoat", number_of_scenes = 2, clip_duration = 4 };

    /// <summary>One generateContent answer's usage at the built-in gemini-2.5-pro price (thoughts billed as output).</summary>
    static decimal GeminiCost(JsonObject u) => Math.Round(
        ((GeminiInputPerMillion * Count(u, "promptTokenCount")) + (GeminiOutputPerMillion * (Count(u, "candidatesTokenCount") + Count(u, "thoughtsTokenCount")))) / 1_000_000m, 6);

    static long Count(JsonObject usage, string name) => usage[name]?.GetValue<long>() ?? 0;
}
