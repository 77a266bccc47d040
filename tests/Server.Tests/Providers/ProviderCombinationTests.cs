using System.Net;
using MusicVideo.ProviderStandIns;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Providers;

/// <summary>
/// A full job on every combination of real providers (Gemini or OpenAI-compatible scenes; Replicate or Veo clips; Replicate
/// character references), each against its stand-in and a real server; the stand-ins' logs show what each API was sent.
/// </summary>
public sealed class ProviderCombinationTests : IAsyncLifetime
{
    const int StandInClipSeconds = 4;
    const string Character = "a drummer with a red mohawk and a denim vest";
    static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(150);
    readonly LlmStandIns _llms = new();

    public async Task InitializeAsync() => await _llms.StartAsync();

    public async Task DisposeAsync() => await _llms.DisposeAsync();

    [Theory]
    [InlineData("gemini", "replicate")]
    [InlineData("gemini", "veo")]
    [InlineData("openai", "replicate")]
    [InlineData("openai", "veo")]
    public async Task Job_WithReplicateReferences_CompletesOnEveryCombinationOfSceneAndClipProvider(string sceneProvider, string videoProvider)
    {
        await using var rig = await ReplicateRig.StartAsync(webhooks: false, TimeSpan.FromSeconds(1), _llms.Settings(sceneProvider, videoProvider));
        var server = rig.Server;

        var refs = await server.PostJsonExpectAsync("/api/mv/generate_character_reference", new { character_description = Character, num_images = 1, seed = 3 }, HttpStatusCode.OK);
        string referenceId = Str(refs["images"]![0], "id");
        var accepted = await rig.StartJobAsync(2, referenceId);
        var job = await rig.WaitForJobAsync(accepted, JobTimeout);

        Assert.True(Str(job, "status") == "Completed", job.ToJsonString());
        var scenes = Scenes(job);
        Assert.Equal(2, scenes.Count);
        Assert.All(scenes, s => Assert.Equal("succeeded", Str(s, "clip_state")));
        Assert.All(scenes, s => Assert.Equal(videoProvider, Str(s, "backend_used")));
        await AssertVideoAsync(server, Str(job, "video_url"), 2 * StandInClipSeconds, SizeFor("16:9"));

        // The reference came from google/imagen-4 with the Replicate token.
        var imageCreate = Assert.Single(rig.ImageCreates());
        Assert.Equal("Bearer " + rig.Replicate.ApiToken, imageCreate.Header("Authorization"));

        // The scenes came from the chosen LLM, once, with its own key header; the other one was not asked.
        var plans = _llms.Gemini.Requests.Where("POST", p => p.EndsWith(":generateContent", StringComparison.Ordinal));
        if (sceneProvider == "gemini")
        {
            Assert.Equal(GeminiStandIn.DefaultApiKey, Assert.Single(plans).Header("x-goog-api-key"));
            Assert.Empty(_llms.OpenAI.Requests.All);
        }
        else
        {
            Assert.Empty(plans);
            var chat = Assert.Single(_llms.OpenAI.Requests.All);
            Assert.Equal("Bearer " + OpenAIStandIn.DefaultApiKey, chat.Header("Authorization"));
            Assert.Equal(LlmStandIns.OpenAIModel, chat.Json()!["model"]!.GetValue<string>());
        }

        // The clips came from the chosen video model, one create per scene, each carrying the character reference.
        var veoCreates = _llms.Gemini.Requests.Where("POST", p => p.EndsWith(":predictLongRunning", StringComparison.Ordinal));
        if (videoProvider == "replicate")
        {
            Assert.Empty(veoCreates);
            var creates = rig.VideoCreates();
            Assert.Equal(2, creates.Count);
            Assert.All(creates, c => Assert.Single(c.Json()!["input"]!["reference_images"]!.AsArray()));
        }
        else
        {
            Assert.Empty(rig.VideoCreates());
            Assert.Equal(2, veoCreates.Count);
            byte[] reference = await server.DownloadAsync(Str(refs["images"]![0], "image_url"), "image/png");
            Assert.All(veoCreates, c =>
            {
                Assert.Equal(GeminiStandIn.DefaultApiKey, c.Header("x-goog-api-key"));
                var image = c.Json()!["instances"]![0]!["referenceImages"]![0]!["image"]!;
                Assert.Equal(reference, Convert.FromBase64String(image["bytesBase64Encoded"]!.GetValue<string>()));
            });
        }
    }
}
