using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.OpenAI;
using MusicVideo.Core.Providers.Scenes;
using MusicVideo.ProviderStandIns;

namespace MusicVideo.Core.Tests.Providers.OpenAI;

public sealed class OpenAICompatibleScenePlannerTests : IAsyncLifetime
{
    const string Character = "Mara, a singer with a shaved head and a white leather jacket";
    readonly OpenAIStandIn _openai = new();
    OpenAICompatibleScenePlanner _planner = null!;

    public async Task InitializeAsync()
    {
        await _openai.StartAsync();
        _planner = new OpenAICompatibleScenePlanner(
            ProviderClients.Create(_openai.BaseUrl),
            new OpenAICompatibleOptions { ApiKey = OpenAIStandIn.DefaultApiKey, BaseUrl = new Uri(_openai.BaseUrl, "v1/"), Model = "local-llm" });
    }

    public async Task DisposeAsync()
    {
        _planner.Dispose();
        await _openai.DisposeAsync();
    }

    [Fact]
    public async Task Plan_comes_from_chat_completions_with_a_strict_json_schema_and_the_bearer_key()
    {
        var plan = await _planner.PlanScenesAsync(new ScenePlanRequest(
            "A lemonade that tastes like summer", "A glass bottle of lemonade", 3, ScenePlanModes.AdCreative, "Product-Reveal-Commercial"));

        Assert.Equal(3, plan.Scenes.Count);
        Assert.Equal(("openai", "local-llm"), (plan.Provider, plan.Model));
        var call = Assert.Single(_openai.Requests.All);
        Assert.Equal("/v1/chat/completions", call.Path);
        Assert.Equal("Bearer " + OpenAIStandIn.DefaultApiKey, call.Header("Authorization"));
        var body = call.Json()!;
        Assert.Equal("local-llm", body["model"]!.GetValue<string>());
        Assert.Equal("json_schema", body["response_format"]!["type"]!.GetValue<string>());
        var schema = body["response_format"]!["json_schema"]!;
        Assert.Equal("scene_response", schema["name"]!.GetValue<string>());
        Assert.True(schema["strict"]!.GetValue<bool>());
        // Strict mode has no minItems: Microsoft.Extensions.AI moves the bounds into the description, where the model reads them.
        Assert.Equal(3, SceneAnswers.RequestedCount(schema["schema"]));
        var messages = body["messages"]!.AsArray();
        Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
        Assert.Contains("Ad Concept: A lemonade that tastes like summer", messages[1]!["content"]!.ToJsonString());
    }

    [Fact]
    public async Task A_malformed_answer_is_asked_again()
    {
        _openai.AnswerMalformed(2);
        var plan = await _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character, 4));
        Assert.Equal(4, plan.Scenes.Count);
        Assert.Equal(3, _openai.Requests.All.Count);
        var last = _openai.Requests.All[2].Json()!["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "user", "assistant", "user"], last.Select(m => m!["role"]!.GetValue<string>()));

        // Every call's usage is summed; the built-in table prices no OpenAI-compatible model, so a local LLM costs nothing.
        var usage = _openai.UsageReported;
        Assert.Equal(new TokenUsage(usage.Sum(u => u["prompt_tokens"]!.GetValue<long>()), usage.Sum(u => u["completion_tokens"]!.GetValue<long>()), 3), plan.Usage);
        Assert.Equal(0m, plan.CostUsd);
    }

    [Fact]
    public async Task A_refusal_is_a_content_policy_failure_in_words()
    {
        _openai.Faults.Add(new FaultRule { Kind = FaultKind.ContentPolicy });
        var ex = await Assert.ThrowsAsync<ProviderException>(() => _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character)));
        Assert.Equal(ProviderErrorReason.ContentPolicy, ex.Reason);
        Assert.Contains("refused to write scenes: \"I'm sorry, but I can't help with that request.\"", ex.Message);
        Assert.Single(_openai.Requests.All);
    }

    [Fact]
    public async Task Rate_limits_are_retried_and_a_wrong_key_is_an_authentication_failure()
    {
        _openai.Faults.Add(new FaultRule { Kind = FaultKind.RateLimited, Times = 1 });
        Assert.Equal(4, (await _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character))).Scenes.Count);
        Assert.Equal(2, _openai.Requests.All.Count);

        using var wrong = new OpenAICompatibleScenePlanner(
            ProviderClients.Create(_openai.BaseUrl), new OpenAICompatibleOptions { ApiKey = "bad-key", BaseUrl = new Uri(_openai.BaseUrl, "v1/") });
        var ex = await Assert.ThrowsAsync<ProviderException>(() => wrong.PlanScenesAsync(new ScenePlanRequest("idea", Character)));
        Assert.Equal(ProviderErrorReason.Authentication, ex.Reason);
        Assert.Contains("HTTP 401: Incorrect API key provided.", ex.Message);
        Assert.DoesNotContain("bad-key", ex.Message);
    }

    [Fact]
    public void Settings_need_a_key_for_openai_itself_but_not_for_a_local_server()
    {
        Assert.Contains("OPENAI_API_KEY", Assert.Throws<ProviderSettingsException>(() => OpenAICompatibleOptions.FromEnvironment(_ => null)).Message);
        var local = OpenAICompatibleOptions.FromEnvironment(k => k == "OPENAI_BASE_URL" ? "http://127.0.0.1:8080/v1" : null);
        Assert.Equal(new Uri("http://127.0.0.1:8080/v1/"), local.BaseUrl);
        Assert.Null(local.ApiKey);
        Assert.Contains("OPENAI_TIMEOUT_SECONDS", Assert.Throws<ProviderSettingsException>(() => OpenAICompatibleOptions.FromEnvironment(
            k => k switch { "OPENAI_API_KEY" => "k", "OPENAI_TIMEOUT_SECONDS" => "0", _ => null })).Message);
    }
}
