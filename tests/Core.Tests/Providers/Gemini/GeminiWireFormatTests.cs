using System.Text.Json.Nodes;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Gemini;
using MusicVideo.Core.Providers.Scenes;

namespace MusicVideo.Core.Tests.Providers.Gemini;

public sealed class GeminiWireFormatTests
{
    static readonly GeminiOptions Options = new() { ApiKey = "k" };

    [Fact]
    public void Scene_request_asks_for_json_with_the_response_schema_and_the_exact_count()
    {
        var body = GeminiScenePlanner.RequestBody("system", [new SceneConversationTurn(SceneConversationRole.User, "write")], 6);
        Assert.Equal("application/json", body["generationConfig"]!["responseMimeType"]!.GetValue<string>());
        var scenes = body["generationConfig"]!["responseSchema"]!["properties"]!["scenes"]!;
        Assert.Equal("ARRAY", scenes["type"]!.GetValue<string>());
        Assert.Equal(6, scenes["minItems"]!.GetValue<int>());
        Assert.Equal(6, scenes["maxItems"]!.GetValue<int>());
        Assert.Equal("system", body["systemInstruction"]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("user", body["contents"]![0]!["role"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"promptFeedback":{"blockReason":"SAFETY"}}""", "judged it unsafe")]
    [InlineData("""{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"}}""", "content Google prohibits")]
    [InlineData("""{"candidates":[{"finishReason":"SAFETY","content":{"parts":[]}}]}""", "stopped writing scenes")]
    public void Safety_blocks_are_content_policy_failures_in_words(string json, string words)
    {
        var ex = Assert.Throws<ProviderException>(() => GeminiScenePlanner.AnswerText(JsonNode.Parse(json)!.AsObject()));
        Assert.Equal(ProviderErrorReason.ContentPolicy, ex.Reason);
        Assert.False(ex.IsRetriable);
        Assert.Contains(words, ex.Message);
        Assert.Contains("Rephrase", ex.Message);
    }

    [Fact]
    public void Answer_text_joins_the_parts_of_the_first_candidate()
    {
        var json = """{"candidates":[{"finishReason":"STOP","content":{"parts":[{"text":"{\"sce"},{"text":"nes\":[]}"}]}}]}""";
        Assert.Equal("{\"scenes\":[]}", GeminiScenePlanner.AnswerText(JsonNode.Parse(json)!.AsObject()));
    }

    [Fact]
    public async Task Veo_request_carries_the_clip_parameters_and_the_seed_rules()
    {
        var body = await VeoClipGenerator.RequestBodyAsync(new ClipRequest("A singer on a rooftop", "9:16", 6, "blur", 42), Options);
        var instance = body["instances"]![0]!;
        Assert.StartsWith("A singer on a rooftop\n\n- No subtitles or camera directions.", instance["prompt"]!.GetValue<string>());
        Assert.Contains("9:16 aspect ratio", instance["prompt"]!.GetValue<string>());
        var p = body["parameters"]!;
        Assert.Equal("9:16", p["aspectRatio"]!.GetValue<string>());
        Assert.Equal(6, p["durationSeconds"]!.GetValue<int>());
        Assert.Equal("blur", p["negativePrompt"]!.GetValue<string>());
        Assert.Equal(42, p["seed"]!.GetValue<int>());
        Assert.Equal("720p", p["resolution"]!.GetValue<string>());
        Assert.Equal(1, p["numberOfVideos"]!.GetValue<int>());
        Assert.Null(instance["referenceImages"]);
    }

    [Fact]
    public async Task Veo_request_with_a_reference_sends_it_as_an_asset_image_at_8_seconds()
    {
        var png = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".png");
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        await File.WriteAllBytesAsync(png, bytes);
        try
        {
            var body = await VeoClipGenerator.RequestBodyAsync(new ClipRequest("p", "16:9", 4, ReferenceImagePath: png), Options);
            var reference = body["instances"]![0]!["referenceImages"]![0]!;
            Assert.Equal("asset", reference["referenceType"]!.GetValue<string>());
            Assert.Equal("image/png", reference["image"]!["mimeType"]!.GetValue<string>());
            Assert.Equal(bytes, Convert.FromBase64String(reference["image"]!["bytesBase64Encoded"]!.GetValue<string>()));
            Assert.Equal(8, body["parameters"]!["durationSeconds"]!.GetValue<int>());
            Assert.Equal("allow_adult", body["parameters"]!["personGeneration"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public async Task Veo_refuses_square_clips_in_words()
    {
        var ex = await Assert.ThrowsAsync<ProviderException>(() => VeoClipGenerator.RequestBodyAsync(new ClipRequest("p", "1:1"), Options));
        Assert.Equal(ProviderErrorReason.Validation, ex.Reason);
        Assert.Contains("16:9 or 9:16", ex.Message);
    }

    [Theory]
    [InlineData("""{"done":false}""", ProviderJobState.Running, null)]
    [InlineData("""{"done":true,"response":{"generateVideoResponse":{"generatedSamples":[{"video":{"uri":"https://g.example/v1beta/files/a:download?alt=media"}}]}}}""", ProviderJobState.Succeeded, null)]
    [InlineData("""{"done":true,"response":{"generateVideoResponse":{"raiMediaFilteredCount":1,"raiMediaFilteredReasons":["The prompt could not be submitted."]}}}""", ProviderJobState.Failed, ProviderErrorReason.ContentPolicy)]
    [InlineData("""{"done":true,"error":{"code":8,"message":"Quota exceeded"}}""", ProviderJobState.Failed, ProviderErrorReason.RateLimited)]
    [InlineData("""{"done":true,"error":{"code":13,"message":"Internal error"}}""", ProviderJobState.Failed, ProviderErrorReason.ServerError)]
    [InlineData("""{"done":true,"error":{"code":3,"message":"The prompt violates our usage guidelines"}}""", ProviderJobState.Failed, ProviderErrorReason.ContentPolicy)]
    [InlineData("""{"done":true,"error":{"code":3,"message":"durationSeconds must be 4, 6 or 8"}}""", ProviderJobState.Failed, ProviderErrorReason.Validation)]
    [InlineData("""{"done":true,"response":{"generateVideoResponse":{}}}""", ProviderJobState.Failed, ProviderErrorReason.ServerError)]
    public void Veo_operations_are_read_into_classified_statuses(string json, ProviderJobState state, ProviderErrorReason? reason)
    {
        var status = VeoClipGenerator.StatusOf(JsonNode.Parse(json)!.AsObject());
        Assert.Equal(state, status.State);
        Assert.Equal(reason, status.Reason);
        if (reason is { } r)
        {
            Assert.Equal(ProviderException.IsRetriableReason(r), status.Retriable);
            Assert.False(string.IsNullOrWhiteSpace(status.Error));
        }
    }

    [Fact]
    public void Settings_name_the_variable_that_is_missing_or_wrong()
    {
        Assert.Contains("GEMINI_API_KEY", Assert.Throws<ProviderSettingsException>(() => GeminiOptions.FromEnvironment(_ => null)).Message);
        var env = new Dictionary<string, string> { ["GEMINI_API_KEY"] = "secret-key", ["VEO_RESOLUTION"] = "8k" };
        Assert.Contains("VEO_RESOLUTION", Assert.Throws<ProviderSettingsException>(() => GeminiOptions.FromEnvironment(k => env.GetValueOrDefault(k))).Message);
        env.Remove("VEO_RESOLUTION");
        env["GEMINI_BASE_URL"] = "not a url";
        Assert.Contains("GEMINI_BASE_URL", Assert.Throws<ProviderSettingsException>(() => GeminiOptions.FromEnvironment(k => env.GetValueOrDefault(k))).Message);
        env["GEMINI_BASE_URL"] = "http://127.0.0.1:9999";
        var options = GeminiOptions.FromEnvironment(k => env.GetValueOrDefault(k));
        Assert.Equal(new Uri("http://127.0.0.1:9999/"), options.BaseUrl);
        Assert.Equal(GeminiOptions.DefaultSceneModel, options.SceneModel);
        Assert.DoesNotContain("secret-key", options.ToString());
    }
}
