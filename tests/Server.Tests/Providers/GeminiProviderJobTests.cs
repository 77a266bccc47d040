using System.Net;
using System.Text.Json.Nodes;
using MusicVideo.ProviderStandIns;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Providers;

/// <summary>
/// Full jobs on a real server process whose scenes come from the Gemini or the OpenAI chat stand-in and whose clips come from
/// Veo through the Gemini stand-in; the stand-ins' request logs show the fields and headers the real APIs require.
/// </summary>
public sealed class GeminiProviderJobTests : IAsyncLifetime
{
    const string Character = "Mara, a singer with a shaved head, gold hoop earrings and a white leather jacket";
    const int StandInClipSeconds = 4;
    readonly LlmStandIns _llms = new();

    GeminiStandIn Gemini => _llms.Gemini;

    OpenAIStandIn OpenAI => _llms.OpenAI;

    public async Task InitializeAsync() => await _llms.StartAsync();

    public async Task DisposeAsync() => await _llms.DisposeAsync();

    Dictionary<string, string> GeminiSettings(string scene, string video) => _llms.Settings(scene, video);

    [Fact]
    public async Task Job_with_Gemini_scenes_completes_with_the_scenes_Gemini_wrote()
    {
        await using var server = await MvServer.StartAsync(GeminiSettings("gemini", "local"));
        var status = await server.RunAsync("/api/mv/jobs", new
        {
            idea = "a breakup song in a neon city", character_description = Character, number_of_scenes = 3, clip_duration = 4,
            director_style = "Hype-Williams",
        });

        var output = CompletedOutput(status);
        var scenes = Scenes(output);
        Assert.Equal(3, scenes.Count);
        Assert.All(scenes, s => Assert.Contains("written by the stand-in model", Str(s, "prompt"), StringComparison.Ordinal));
        Assert.All(scenes, s => Assert.Contains("a breakup song in a neon city", Str(s, "prompt"), StringComparison.Ordinal));
        await AssertVideoAsync(server, Str(output, "video_url"), 3 * 4, SizeFor("16:9"));

        var call = Assert.Single(Gemini.Requests.All);
        Assert.Equal("/v1beta/models/gemini-2.5-pro:generateContent", call.Path);
        Assert.Equal(GeminiStandIn.DefaultApiKey, call.Header("x-goog-api-key"));
        Assert.Null(call.Header("Authorization"));
        var body = call.Json()!;
        Assert.Equal("application/json", body["generationConfig"]!["responseMimeType"]!.GetValue<string>());
        Assert.Equal(3, body["generationConfig"]!["responseSchema"]!["properties"]!["scenes"]!["maxItems"]!.GetValue<int>());
        Assert.Contains("glossy high-contrast hip-hop aesthetic", body["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_create_scenes_with_Gemini_says_which_model_wrote_them()
    {
        await using var server = await MvServer.StartAsync(GeminiSettings("gemini", "local"));
        var answer = await server.PostJsonExpectAsync("/api/mv/create_scenes", new { idea = "a summer anthem", character_description = Character, number_of_scenes = 2 }, HttpStatusCode.OK);

        Assert.Equal(2, answer["scenes"]!.AsArray().Count);
        Assert.Equal("gemini-2.5-pro", answer["metadata"]!["model_used"]!.GetValue<string>());
    }

    [Fact]
    public async Task Job_with_OpenAI_compatible_scenes_completes_and_the_chat_request_is_structured()
    {
        await using var server = await MvServer.StartAsync(_llms.Settings("openai", "local"));
        var status = await server.RunAsync("/api/mv/jobs", new
        {
            idea = "a lemonade that tastes like summer", character_description = "a glass bottle with a yellow label", number_of_scenes = 2,
            clip_duration = 4, mode = "ad-creative",
        });

        var output = CompletedOutput(status);
        Assert.All(Scenes(output), s => Assert.Contains("a lemonade that tastes like summer", Str(s, "prompt"), StringComparison.Ordinal));
        await AssertVideoAsync(server, Str(output, "video_url"), 2 * 4, SizeFor("16:9"));

        var call = Assert.Single(OpenAI.Requests.All);
        Assert.Equal("/v1/chat/completions", call.Path);
        Assert.Equal("Bearer " + OpenAIStandIn.DefaultApiKey, call.Header("Authorization"));
        var body = call.Json()!;
        Assert.Equal(LlmStandIns.OpenAIModel, body["model"]!.GetValue<string>());
        Assert.Equal("json_schema", body["response_format"]!["type"]!.GetValue<string>());
        Assert.True(body["response_format"]!["json_schema"]!["strict"]!.GetValue<bool>());
        Assert.Equal(["system", "user"], body["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Job_with_Veo_clips_completes_with_one_operation_per_scene_downloaded_with_the_key()
    {
        await using var server = await MvServer.StartAsync(GeminiSettings("local", "veo"));
        var reference = await server.UploadAsync("/api/mv/upload_character_reference", await StandInMedia.PngAsync(), "face.png", "image/png", HttpStatusCode.OK);
        var status = await server.RunAsync("/api/mv/jobs", new
        {
            idea = "a rooftop concert at dusk", character_description = Character, number_of_scenes = 2, clip_duration = 8, seed = 40,
            character_reference_id = Str(reference, "image_id"),
        });

        var output = CompletedOutput(status);
        var scenes = Scenes(output);
        Assert.All(scenes, s => Assert.Equal("succeeded", Str(s, "clip_state")));
        // The stand-in's MP4 is 4 s long whatever was asked: the job keeps what the model really made.
        await AssertVideoAsync(server, Str(output, "video_url"), 2 * StandInClipSeconds, SizeFor("16:9"));

        var creates = Gemini.Requests.Where("POST", p => p.EndsWith(":predictLongRunning", StringComparison.Ordinal));
        Assert.Equal(2, creates.Count);
        Assert.Equal(2, Gemini.OperationNames.Count);
        var reference0 = await StandInMedia.PngAsync();
        foreach (var create in creates)
        {
            Assert.Equal("/v1beta/models/veo-3.1-fast-generate-preview:predictLongRunning", create.Path);
            Assert.Equal(GeminiStandIn.DefaultApiKey, create.Header("x-goog-api-key"));
            var body = create.Json()!;
            var instance = body["instances"]![0]!;
            Assert.Contains(instance["prompt"]!.GetValue<string>().Split("\n\n")[0], scenes.Select(s => Str(s, "prompt")));
            Assert.EndsWith("Keep it short, visual, simple, cinematic.", instance["prompt"]!.GetValue<string>(), StringComparison.Ordinal);
            var image = instance["referenceImages"]![0]!;
            Assert.Equal("asset", image["referenceType"]!.GetValue<string>());
            Assert.Equal("image/png", image["image"]!["mimeType"]!.GetValue<string>());
            Assert.Equal(reference0, Convert.FromBase64String(image["image"]!["bytesBase64Encoded"]!.GetValue<string>()));
            var parameters = body["parameters"]!;
            Assert.Equal("16:9", parameters["aspectRatio"]!.GetValue<string>());
            Assert.Equal(8, parameters["durationSeconds"]!.GetValue<int>());
            Assert.Equal(1, parameters["numberOfVideos"]!.GetValue<int>());
            Assert.False(string.IsNullOrWhiteSpace(parameters["negativePrompt"]?.GetValue<string>()));
        }

        var seeds = creates.Select(c => c.Json()!["parameters"]!["seed"]!.GetValue<int>()).Order().ToArray();
        Assert.Equal([40, 41], seeds);
        var downloads = Gemini.Requests.Where("GET", p => p.StartsWith("/v1beta/files/", StringComparison.Ordinal));
        Assert.Equal(2, downloads.Count);
        Assert.All(downloads, d => Assert.Equal(GeminiStandIn.DefaultApiKey, d.Header("x-goog-api-key")));

        // What really ran is recorded with each clip (the seed's backend_used/model_used come from this metadata).
        var sidecars = Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "media"), "*.json", SearchOption.AllDirectories)
            .Select(File.ReadAllText).Where(t => t.Contains("\"veo\"", StringComparison.Ordinal)).ToList();
        Assert.True(sidecars.Count == 2, "clip metadata naming the veo provider: " + sidecars.Count);
        Assert.All(sidecars, t => Assert.Contains("veo-3.1-fast-generate-preview", t, StringComparison.Ordinal));

        // Google bills the seconds it was asked for: 8 s each at Veo 3.1 Fast's $0.15 per second.
        Assert.All(scenes, s => Assert.Equal(1.20m, s!["cost_usd"]!.GetValue<decimal>()));
        Assert.Equal(2.40m, output["cost_usd"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Gemini_scenes_and_Veo_clips_together_complete_and_a_malformed_plan_is_asked_again()
    {
        await using var server = await MvServer.StartAsync(GeminiSettings("gemini", "veo"));
        Gemini.AnswerMalformed(1);
        var status = await server.RunAsync("/api/mv/jobs", new { idea = "a desert road trip", character_description = Character, number_of_scenes = 2, clip_duration = 4 });

        var output = CompletedOutput(status);
        await AssertVideoAsync(server, Str(output, "video_url"), 2 * StandInClipSeconds, SizeFor("16:9"));
        var plans = Gemini.Requests.Where("POST", p => p.EndsWith(":generateContent", StringComparison.Ordinal));
        Assert.Equal(2, plans.Count);
        Assert.Contains("1 scenes instead of exactly 2", plans[1].Body, StringComparison.Ordinal);
        Assert.Equal(2, Gemini.OperationNames.Count);
    }

    [Fact]
    public async Task A_scene_refusal_fails_the_job_at_once_with_the_reason_in_words()
    {
        await using var server = await MvServer.StartAsync(GeminiSettings("gemini", "local"));
        Gemini.Faults.Add(new FaultRule { Kind = FaultKind.ContentPolicy });
        var status = await server.RunAsync("/api/mv/jobs", new { idea = "something Gemini will not write", character_description = Character, number_of_scenes = 2 });

        Assert.Equal("Failed", Str(status, "runtimeStatus"));
        var view = await server.GetJsonAsync($"/api/mv/jobs/{Str(status, "instanceId")}");
        const string Words = "Gemini refused to write scenes: Gemini's safety filters judged it unsafe. Rephrase the idea or the character description.";
        Assert.Equal(Words, Str(view, "error"));
        Assert.Equal("writing_scenes", Str(view, "stage"));
        Assert.DoesNotContain("   at ", view.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(Gemini.Requests.All);
    }

    [Fact]
    public async Task A_Veo_safety_filter_fails_that_scene_at_once_in_words_and_the_job_completes()
    {
        await using var server = await MvServer.StartAsync(GeminiSettings("local", "veo"));
        var request = new { idea = "a night drive", character_description = Character, number_of_scenes = 3, seed = 5 };
        var planned = await server.PostJsonExpectAsync("/api/mv/create_scenes", request, HttpStatusCode.OK);
        var blocked = planned["scenes"]![1]!["description"]!.GetValue<string>();
        Gemini.Faults.Add(new FaultRule
        {
            Kind = FaultKind.ContentPolicy,
            Path = p => p.EndsWith(":predictLongRunning", StringComparison.Ordinal),
            Body = b => JsonNode.Parse(b)?["instances"]?[0]?["prompt"]?.GetValue<string>().StartsWith(blocked, StringComparison.Ordinal) == true,
        });

        var status = await server.RunAsync("/api/mv/jobs", new { request.idea, request.character_description, request.number_of_scenes, request.seed, clip_duration = 4 });

        var output = CompletedOutput(status);
        var scenes = Scenes(output);
        Assert.Equal("failed", Str(scenes[1], "clip_state"));
        Assert.Equal(
            "Veo's safety filters blocked this scene: Your prompt could not be submitted because it may violate our usage guidelines. Rewrite the scene prompt.",
            Str(scenes[1], "error"));
        Assert.Equal(1, scenes[1]!["attempts"]!.GetValue<int>());
        Assert.Equal(1, output["failed_scenes"]!.GetValue<int>());
        Assert.Equal(3, Gemini.OperationNames.Count);
        await AssertVideoAsync(server, Str(output, "video_url"), 2 * StandInClipSeconds, SizeFor("16:9"));
    }

    [Fact]
    public async Task With_30_percent_of_Gemini_calls_failing_transiently_ten_jobs_all_complete()
    {
        // A create answered 500 is not retried inside the call (Google may have started the paid generation): the workflow
        // retries the submit on a durable timer (RetryPolicies.Provider), and a clip attempt that still fails gets a new
        // attempt. Scene planning is retried inline by the HTTP client and then by the workflow (RetryPolicies.Planning).
        // The test pins that transient faults are retried to completion, not the size of the retry budget.
        var settings = GeminiSettings("gemini", "veo");
        settings["MV_CLIP_ATTEMPTS"] = "6";
        await using var server = await MvServer.StartAsync(settings);
        Gemini.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Probability = 0.15 });
        Gemini.Faults.Add(new FaultRule { Kind = FaultKind.RateLimited, Probability = 0.15 / 0.85, RetryAfterSeconds = 1 });

        var accepted = new List<JsonNode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await server.PostJsonAsync("/api/mv/jobs", new { idea = $"song number {i}", character_description = Character, number_of_scenes = 2, clip_duration = 4 });
            accepted.Add(await server.ExpectAsync(response, HttpStatusCode.Accepted, "POST /api/mv/jobs"));
        }

        var finals = await Task.WhenAll(accepted.Select(a => server.WaitForStatusAsync(a, TimeSpan.FromMinutes(6))));

        Assert.All(finals, f => Assert.True(CompletedOutput(f)["failed_scenes"]!.GetValue<int>() == 0, f.ToJsonString()));
        var faulted = Gemini.Requests.All.Count(r => r.Fault is FaultKind.ServerError or FaultKind.RateLimited);
        var total = Gemini.Requests.All.Count;
        Assert.InRange(faulted / (double)total, 0.15, 0.45);
        // Every scene's clip was created once or, after a failed create, again: never more operations than creates that succeeded.
        Assert.Equal(Gemini.OperationNames.Count, Gemini.Requests.All.Count(r => r.Path.EndsWith(":predictLongRunning", StringComparison.Ordinal) && r.Fault is null));
    }
    [Fact]
    public async Task Terminating_a_job_cancels_its_running_Veo_operations()
    {
        Gemini.PollsBeforeDone = int.MaxValue;
        await using var server = await MvServer.StartAsync(GeminiSettings("local", "veo"));
        using var response = await server.PostJsonAsync("/api/mv/jobs", new { idea = "a slow song", character_description = Character, number_of_scenes = 2, clip_duration = 4 });
        var accepted = await server.ExpectAsync(response, HttpStatusCode.Accepted, "POST /api/mv/jobs");
        var jobId = Str(accepted, "id");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Gemini.OperationNames.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, Gemini.OperationNames.Count);
        using var terminate = await server.Http.PostAsync($"/runtime/webhooks/durabletask/instances/{jobId}/terminate?reason=stop", null);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        await server.PollStatusAsync($"/runtime/webhooks/durabletask/instances/{jobId}", st => Str(st, "runtimeStatus") == "Terminated", TimeSpan.FromSeconds(30));
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (Gemini.Canceled.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(Gemini.OperationNames.Order(), Gemini.Canceled.Order());
        Assert.All(Gemini.Requests.Where("POST", p => p.EndsWith(":cancel", StringComparison.Ordinal)), r => Assert.Equal(GeminiStandIn.DefaultApiKey, r.Header("x-goog-api-key")));
    }
}
