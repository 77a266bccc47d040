using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MusicVideo.ProviderStandIns;

/// <summary>The scene JSON the LLM stand-ins answer: well-formed scenes built from the prompt, or a malformed answer when asked for one.</summary>
public static partial class SceneAnswers
{
    /// <summary>A valid answer with <paramref name="count"/> scenes mentioning the concept found in the prompt.</summary>
    public static string WellFormed(int count, string prompt)
    {
        var concept = ConceptLine().Match(prompt) is { Success: true } m ? m.Groups[1].Value.Trim() : "the song";
        var scenes = new JsonArray();
        string[] shots = ["close-up", "wide shot", "tracking shot", "low-angle shot", "medium shot", "aerial shot"];
        for (var i = 1; i <= count; i++)
        {
            scenes.Add(new JsonObject
            {
                ["description"] = $"Scene {i} of {count}: a {shots[(i - 1) % shots.Length]} for a video about {concept}, written by the stand-in model.",
                ["negative_description"] = "blurry, subtitles, watermark",
                ["shot_type"] = shots[(i - 1) % shots.Length],
                ["camera_movement"] = "slow dolly-in",
            });
        }

        return new JsonObject { ["scenes"] = scenes }.ToJsonString();
    }

    /// <summary>A malformed answer: one scene too few, which the planners must reject and ask again for.</summary>
    public static string WrongCount(int count, string prompt) => WellFormed(Math.Max(0, count - 1), prompt);

    /// <summary>The scene count the request's schema asks for (its <c>minItems</c>), or 4.</summary>
    /// <remarks>OpenAI's strict mode has no <c>minItems</c>; Microsoft.Extensions.AI writes it into the array's description, read here like a model would.</remarks>
    public static int RequestedCount(JsonNode? schema)
    {
        var scenes = schema?["properties"]?["scenes"];
        if (scenes?["minItems"]?.GetValue<int>() is { } n)
        {
            return n;
        }

        return scenes?["description"]?.GetValue<string>() is { } d && MinItemsText().Match(d) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : 4;
    }

    [GeneratedRegex(@"minItems:\s*(\d+)")]
    private static partial Regex MinItemsText();

    [GeneratedRegex(@"(?:Video|Ad) Concept:\s*(.+)")]
    private static partial Regex ConceptLine();
}
