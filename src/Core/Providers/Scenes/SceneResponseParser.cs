using System.Globalization;
using System.Text.Json;

namespace MusicVideo.Core.Providers.Scenes;

/// <summary>Parses and validates a scene model's JSON answer: the exact scene count, non-blank prompts within the seed's length limits.</summary>
public static class SceneResponseParser
{
    /// <summary>Parses the answer into scenes, or returns false with the problem in words (said back to the model when it is asked again).</summary>
    public static bool TryParse(string? text, CheckedScenePlanRequest request, out IReadOnlyList<Scene> scenes, out string problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        scenes = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "the answer was empty";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(StripCodeFence(text));
        }
        catch (JsonException ex)
        {
            problem = "the answer was not valid JSON (" + FirstSentence(ex.Message) + ")";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("scenes", out var array)
                || array.ValueKind != JsonValueKind.Array)
            {
                problem = "the answer had no \"scenes\" array";
                return false;
            }

            var count = array.GetArrayLength();
            if (count != request.NumberOfScenes)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"the answer had {count} scenes instead of exactly {request.NumberOfScenes}");
                return false;
            }

            var list = new List<Scene>(count);
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                i++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"scene {i} was not an object");
                    return false;
                }

                var description = Text(item, "description");
                var negative = Text(item, "negative_description");
                if (string.IsNullOrWhiteSpace(description))
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"scene {i} had an empty \"description\"");
                    return false;
                }

                if (description.Length > Scene.MaxDescriptionLength)
                {
                    problem = string.Create(
                        CultureInfo.InvariantCulture, $"scene {i}'s \"description\" was {description.Length} characters; the limit is {Scene.MaxDescriptionLength}");
                    return false;
                }

                if (negative.Length > Scene.MaxNegativeDescriptionLength)
                {
                    problem = string.Create(
                        CultureInfo.InvariantCulture,
                        $"scene {i}'s \"negative_description\" was {negative.Length} characters; the limit is {Scene.MaxNegativeDescriptionLength}");
                    return false;
                }

                list.Add(new Scene(
                    i, description.Trim(), negative.Trim(), Text(item, "shot_type").Trim(), Text(item, "camera_movement").Trim(),
                    request.SceneDurationSeconds));
            }

            scenes = list;
            problem = string.Empty;
            return true;
        }
    }

    static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    // Some OpenAI-compatible servers wrap JSON in a Markdown fence even when asked not to.
    static string StripCodeFence(string text)
    {
        var t = text.Trim();
        if (!t.StartsWith("```", StringComparison.Ordinal))
        {
            return t;
        }

        var firstLineEnd = t.IndexOf('\n', StringComparison.Ordinal);
        var end = t.LastIndexOf("```", StringComparison.Ordinal);
        return firstLineEnd > 0 && end > firstLineEnd ? t[(firstLineEnd + 1)..end] : t;
    }

    static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message.TrimEnd('.');
    }
}
