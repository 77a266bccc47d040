using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Scenes;

namespace MusicVideo.Core.Tests.Providers.Scenes;

public sealed class SceneResponseParserTests
{
    static readonly CheckedScenePlanRequest TwoScenes =
        CheckedScenePlanRequest.From(new ScenePlanRequest("idea", "a singer", 2, SceneDurationSeconds: 8));

    [Fact]
    public void A_well_formed_answer_becomes_numbered_scenes_with_the_requested_duration()
    {
        const string json = """
            {"scenes":[
              {"description":" A close-up of the singer. ","negative_description":"blur","shot_type":"close-up","camera_movement":"dolly-in"},
              {"description":"A wide shot of the stage.","negative_description":"","shot_type":"wide","camera_movement":"crane"}]}
            """;
        Assert.True(SceneResponseParser.TryParse(json, TwoScenes, out var scenes, out var problem), problem);
        Assert.Equal([1, 2], scenes.Select(s => s.Sequence));
        Assert.Equal("A close-up of the singer.", scenes[0].Description);
        Assert.Equal("blur", scenes[0].NegativeDescription);
        Assert.Equal("crane", scenes[1].CameraMovement);
        Assert.All(scenes, s => Assert.Equal(8, s.DurationSeconds));
    }

    [Fact]
    public void A_fenced_answer_is_accepted()
    {
        var json = "```json\n{\"scenes\":[{\"description\":\"a\"},{\"description\":\"b\"}]}\n```";
        Assert.True(SceneResponseParser.TryParse(json, TwoScenes, out var scenes, out _));
        Assert.Equal(["a", "b"], scenes.Select(s => s.Description));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"scenes\":[{\"description\":\"a\"", "not valid JSON")]
    [InlineData("[1,2]", "no \"scenes\" array")]
    [InlineData("{\"scenes\":[{\"description\":\"a\"}]}", "1 scenes instead of exactly 2")]
    [InlineData("{\"scenes\":[{\"description\":\"a\"},{\"description\":\"  \"}]}", "scene 2 had an empty \"description\"")]
    [InlineData("{\"scenes\":[{\"description\":\"a\"},7]}", "scene 2 was not an object")]
    public void Malformed_answers_are_rejected_with_the_problem_in_words(string json, string expected)
    {
        Assert.False(SceneResponseParser.TryParse(json, TwoScenes, out _, out var problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void Over_long_fields_are_rejected_at_the_seed_limits()
    {
        var longDescription = new string('x', Scene.MaxDescriptionLength + 1);
        var json = "{\"scenes\":[{\"description\":\"" + longDescription + "\"},{\"description\":\"b\"}]}";
        Assert.False(SceneResponseParser.TryParse(json, TwoScenes, out _, out var problem));
        Assert.Contains("5001 characters; the limit is 5000", problem);

        var longNegative = new string('n', Scene.MaxNegativeDescriptionLength + 1);
        json = "{\"scenes\":[{\"description\":\"a\",\"negative_description\":\"" + longNegative + "\"},{\"description\":\"b\"}]}";
        Assert.False(SceneResponseParser.TryParse(json, TwoScenes, out _, out problem));
        Assert.Contains("the limit is 1000", problem);
    }
}
