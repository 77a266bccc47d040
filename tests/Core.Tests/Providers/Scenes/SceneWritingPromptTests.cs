using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Scenes;

namespace MusicVideo.Core.Tests.Providers.Scenes;

public sealed class SceneWritingPromptTests
{
    const string Character = "Mara, a singer with a shaved head and a white leather jacket";

    [Fact]
    public void Music_video_prompt_carries_the_inputs_the_scene_count_and_the_seed_template_values()
    {
        var request = CheckedScenePlanRequest.From(new ScenePlanRequest("A breakup song in a neon city", Character, 5, SceneDurationSeconds: 6));
        var prompt = SceneWritingPrompt.For(request);

        Assert.Contains("Google Veo 3", prompt.SystemInstruction);
        Assert.Contains("Video Concept: A breakup song in a neon city", prompt.UserPrompt);
        Assert.Contains("Artist/Band Personality: " + Character, prompt.UserPrompt);
        Assert.Contains(SceneWritingPrompt.MusicVideoCharacteristics, prompt.UserPrompt);
        Assert.Contains(SceneWritingPrompt.MusicVideoCameraAngle, prompt.UserPrompt);
        Assert.Contains("exactly 5 scene prompts", prompt.UserPrompt);
        Assert.Contains("about 6 seconds", prompt.UserPrompt);
        Assert.Contains("\"scenes\" has exactly 5 items", prompt.UserPrompt);
        Assert.DoesNotContain("CREATIVE DIRECTION", prompt.UserPrompt);
        Assert.DoesNotContain("{", prompt.UserPrompt.Replace("{\"scenes\"", "", StringComparison.Ordinal).Replace("{\"description\"", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Ad_creative_prompt_asks_for_the_metadata_and_timeline_block_with_the_aspect_ratio()
    {
        var request = CheckedScenePlanRequest.From(new ScenePlanRequest(
            "A lemonade that tastes like summer", "A glass bottle of lemonade with a yellow label", 3, ScenePlanModes.AdCreative, AspectRatio: "9:16"));
        var prompt = SceneWritingPrompt.For(request);

        Assert.Contains("commercial", prompt.SystemInstruction);
        Assert.Contains("beginning, a middle and an end", prompt.UserPrompt);
        Assert.Contains("CRITICAL - character continuity", prompt.UserPrompt);
        Assert.Contains("product appears in every scene", prompt.UserPrompt);
        Assert.Contains("metadata:", prompt.UserPrompt);
        Assert.Contains("timeline:", prompt.UserPrompt);
        Assert.Contains("aspect_ratio: \"9:16\"", prompt.UserPrompt);
        Assert.Contains("timestamp: \"00:00-00:04\"", prompt.UserPrompt);
        Assert.Contains(SceneWritingPrompt.AdCreativeCharacteristics, prompt.UserPrompt);
        Assert.Contains(SceneWritingPrompt.AdCreativeCameraAngle, prompt.UserPrompt);
    }

    [Fact]
    public void Every_one_of_the_nine_director_styles_is_injected_with_its_signature_style()
    {
        Assert.Equal(9, DirectorStyles.All.Count);
        foreach (var style in DirectorStyles.All)
        {
            foreach (var mode in ScenePlanModes.All)
            {
                var prompt = SceneWritingPrompt.For(CheckedScenePlanRequest.From(new ScenePlanRequest("idea", Character, 2, mode, style.Id)));
                Assert.Contains("**CREATIVE DIRECTION - Director's Signature Style:**\n" + style.SignatureStyle, prompt.UserPrompt);
                Assert.Contains("Ensure ALL generated scenes reflect this aesthetic", prompt.UserPrompt);
            }
        }
    }

    [Fact]
    public void Bad_requests_say_what_to_fix()
    {
        Assert.Contains("idea must not be blank", Assert.Throws<ArgumentException>(() => CheckedScenePlanRequest.From(new ScenePlanRequest(" ", Character))).Message);
        Assert.Contains("between 1 and 12", Assert.Throws<ArgumentOutOfRangeException>(() => CheckedScenePlanRequest.From(new ScenePlanRequest("i", Character, 13))).Message);
        Assert.Contains("Allowed values", Assert.Throws<ArgumentException>(() => CheckedScenePlanRequest.From(new ScenePlanRequest("i", Character, DirectorStyle: "Nobody"))).Message);
    }
}
