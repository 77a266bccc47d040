using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Gemini;
using MusicVideo.Core.Providers.Scenes;
using MusicVideo.ProviderStandIns;

namespace MusicVideo.Core.Tests.Providers.Gemini;

public sealed class GeminiScenePlannerTests : IAsyncLifetime
{
    const string Character = "Mara, a singer with a shaved head and a white leather jacket";
    readonly GeminiStandIn _gemini = new();
    GeminiScenePlanner _planner = null!;

    public async Task InitializeAsync()
    {
        await _gemini.StartAsync();
        _planner = new GeminiScenePlanner(
            ProviderClients.Create(_gemini.BaseUrl), new GeminiOptions { ApiKey = GeminiStandIn.DefaultApiKey, BaseUrl = _gemini.BaseUrl });
    }

    public async Task DisposeAsync() => await _gemini.DisposeAsync();

    [Fact]
    public async Task Plan_comes_from_generateContent_with_the_key_header_the_schema_and_the_director_style()
    {
        var plan = await _planner.PlanScenesAsync(new ScenePlanRequest("A breakup song in a neon city", Character, 5, DirectorStyle: "Wes-Anderson"));

        Assert.Equal(5, plan.Scenes.Count);
        Assert.Equal([1, 2, 3, 4, 5], plan.Scenes.Select(s => s.Sequence));
        Assert.All(plan.Scenes, s => Assert.Contains("A breakup song in a neon city", s.Description));
        Assert.Equal("gemini", plan.Provider);
        Assert.Equal("gemini-2.5-pro", plan.Model);
        Assert.Equal("Wes-Anderson", plan.DirectorStyle);

        var call = Assert.Single(_gemini.Requests.All);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/v1beta/models/gemini-2.5-pro:generateContent", call.Path);
        Assert.Equal(GeminiStandIn.DefaultApiKey, call.Header("x-goog-api-key"));
        Assert.StartsWith("application/json", call.Header("Content-Type"));
        var body = call.Json()!;
        Assert.Equal("application/json", body["generationConfig"]!["responseMimeType"]!.GetValue<string>());
        Assert.Equal(5, body["generationConfig"]!["responseSchema"]!["properties"]!["scenes"]!["minItems"]!.GetValue<int>());
        var prompt = body["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>();
        Assert.Contains(DirectorStyles.Get("Wes-Anderson").SignatureStyle, prompt);
        Assert.Contains("Artist/Band Personality: " + Character, prompt);
        Assert.Contains("Veo", body["systemInstruction"]!["parts"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_malformed_answer_is_asked_again_with_the_problem_said_back()
    {
        _gemini.AnswerMalformed(1);
        var plan = await _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character, 4));

        Assert.Equal(4, plan.Scenes.Count);
        Assert.Equal(2, _gemini.Requests.All.Count);
        var retry = _gemini.Requests.All[1].Json()!["contents"]!.AsArray();
        Assert.Equal(["user", "model", "user"], retry.Select(c => c!["role"]!.GetValue<string>()));
        Assert.Contains("3 scenes instead of exactly 4", retry[2]!["parts"]![0]!["text"]!.GetValue<string>());

        // Both calls were paid: prompt tokens in, answer and thoughts out, at gemini-2.5-pro's list price.
        var usage = _gemini.UsageReported;
        Assert.Equal(2, usage.Count);
        static long N(System.Text.Json.Nodes.JsonObject u, string name) => u[name]!.GetValue<long>();
        Assert.Equal(new TokenUsage(usage.Sum(u => N(u, "promptTokenCount")), usage.Sum(u => N(u, "candidatesTokenCount") + N(u, "thoughtsTokenCount")), 2), plan.Usage);
        Assert.Equal(usage.Sum(u => Math.Round(((1.25m * N(u, "promptTokenCount")) + (10m * (N(u, "candidatesTokenCount") + N(u, "thoughtsTokenCount")))) / 1_000_000m, 6)), plan.CostUsd);
        Assert.True(plan.CostUsd > 0);
    }

    [Fact]
    public async Task A_plan_retried_under_its_cost_key_costs_the_calls_of_the_attempt_that_failed_too()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"mv-scene-calls-{Guid.NewGuid():N}");
        try
        {
            var planner = new GeminiScenePlanner(
                ProviderClients.Create(_gemini.BaseUrl), new GeminiOptions { ApiKey = GeminiStandIn.DefaultApiKey, BaseUrl = _gemini.BaseUrl },
                ledger: new SceneCallLedger(folder));
            var request = new ScenePlanRequest("idea", Character, 2, CostKey: "job-1@638000000000000000");

            // A paid malformed answer, then a 500 on every HTTP attempt of the call that asks again: the attempt fails.
            _gemini.AnswerMalformed(1);
            _gemini.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Body = b => b.Contains("could not be used", StringComparison.Ordinal) });
            await Assert.ThrowsAsync<ProviderException>(() => planner.PlanScenesAsync(request));
            Assert.Equal(1, (await new SceneCallLedger(folder).TotalAsync(request.CostKey!)).Usage.Calls);

            // The retry (as the workflow makes it, with the same key) costs both paid calls; another key starts from nothing.
            _gemini.Faults.Clear();
            var plan = await planner.PlanScenesAsync(request);
            var usage = _gemini.UsageReported;
            Assert.Equal(2, usage.Count);
            static long N(System.Text.Json.Nodes.JsonObject u, string name) => u[name]!.GetValue<long>();
            Assert.Equal(new TokenUsage(usage.Sum(u => N(u, "promptTokenCount")), usage.Sum(u => N(u, "candidatesTokenCount") + N(u, "thoughtsTokenCount")), 2), plan.Usage);
            Assert.Equal(usage.Sum(u => Math.Round(((1.25m * N(u, "promptTokenCount")) + (10m * (N(u, "candidatesTokenCount") + N(u, "thoughtsTokenCount")))) / 1_000_000m, 6)), plan.CostUsd);
            Assert.Equal(plan.CostUsd, (await new SceneCallLedger(folder).TotalAsync(request.CostKey!)).CostUsd);
            var other = await planner.PlanScenesAsync(request with { CostKey = "job-2@638000000000000000" });
            Assert.Equal(1, other.Usage!.Calls);
            Assert.Equal(new SceneCallCost(new TokenUsage(0, 0, 0), 0m), await new SceneCallLedger(folder).TotalAsync("never-planned"));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Answers_malformed_every_time_fail_for_good_after_the_configured_attempts()
    {
        _gemini.AnswerMalformed(10);
        var ex = await Assert.ThrowsAsync<ProviderException>(() => _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character, 2)));

        Assert.Equal(ProviderErrorReason.Validation, ex.Reason);
        Assert.Contains("unusable scenes 3 times", ex.Message);
        Assert.Contains("1 scenes instead of exactly 2", ex.Message);
        Assert.Equal(3, _gemini.Requests.All.Count);
    }

    [Fact]
    public async Task A_safety_block_is_a_content_policy_failure_in_words_and_is_not_retried()
    {
        _gemini.Faults.Add(new FaultRule { Kind = FaultKind.ContentPolicy });
        var ex = await Assert.ThrowsAsync<ProviderException>(() => _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character)));

        Assert.Equal(ProviderErrorReason.ContentPolicy, ex.Reason);
        Assert.False(ex.IsRetriable);
        Assert.Equal("Gemini refused to write scenes: Gemini's safety filters judged it unsafe. Rephrase the idea or the character description.", ex.Message);
        Assert.Single(_gemini.Requests.All);
    }

    [Theory]
    [InlineData(FaultKind.RateLimited)]
    [InlineData(FaultKind.ServerError)]
    public async Task Transient_failures_are_retried_by_the_client(FaultKind kind)
    {
        _gemini.Faults.Add(new FaultRule { Kind = kind, Times = 1 });
        var plan = await _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character, 3));

        Assert.Equal(3, plan.Scenes.Count);
        Assert.Equal(2, _gemini.Requests.All.Count);
        Assert.Equal(kind, _gemini.Requests.All[0].Fault);
    }

    [Fact]
    public async Task A_broken_response_body_is_a_retriable_failure()
    {
        _gemini.Faults.Add(new FaultRule { Kind = FaultKind.MalformedJson });
        var ex = await Assert.ThrowsAsync<ProviderException>(() => _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character)));
        Assert.True(ex.IsRetriable);
        Assert.Contains("malformed JSON", ex.Message);
    }

    [Fact]
    public async Task A_wrong_key_is_an_authentication_or_validation_failure_that_names_no_secret()
    {
        var planner = new GeminiScenePlanner(
            ProviderClients.Create(_gemini.BaseUrl), new GeminiOptions { ApiKey = "wrong-secret-key", BaseUrl = _gemini.BaseUrl });
        var ex = await Assert.ThrowsAsync<ProviderException>(() => planner.PlanScenesAsync(new ScenePlanRequest("idea", Character)));
        Assert.False(ex.IsRetriable);
        Assert.Contains("API key not valid", ex.Message);
        Assert.DoesNotContain("wrong-secret-key", ex.Message);
    }
    [Fact]
    public async Task An_answer_slower_than_the_attempt_timeout_is_given_up_and_retried()
    {
        var planner = new GeminiScenePlanner(
            ProviderClients.Create(_gemini.BaseUrl, attemptTimeout: TimeSpan.FromSeconds(1)),
            new GeminiOptions { ApiKey = GeminiStandIn.DefaultApiKey, BaseUrl = _gemini.BaseUrl });
        _gemini.Faults.Add(new FaultRule { Kind = FaultKind.Delay, Delay = TimeSpan.FromSeconds(5), Times = 1 });
        var plan = await planner.PlanScenesAsync(new ScenePlanRequest("idea", Character, 2));
        Assert.Equal(2, plan.Scenes.Count);
        Assert.Equal(2, _gemini.Requests.All.Count);
        Assert.Equal(FaultKind.Delay, _gemini.Requests.All[0].Fault);
    }
}
