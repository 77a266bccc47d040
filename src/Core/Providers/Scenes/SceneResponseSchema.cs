using System.Text.Json.Nodes;

namespace MusicVideo.Core.Providers.Scenes;

/// <summary>The JSON shape scene models must answer in (the seed's <c>SceneResponse</c> plus shot type and camera movement), as the two schema dialects.</summary>
public static class SceneResponseSchema
{
    /// <summary>Gemini's <c>responseSchema</c> (an OpenAPI 3.0 subset: upper-case types, <c>minItems</c>/<c>maxItems</c>, <c>propertyOrdering</c>).</summary>
    public static JsonObject ForGemini(int numberOfScenes) => new()
    {
        ["type"] = "OBJECT",
        ["properties"] = new JsonObject
        {
            ["scenes"] = new JsonObject
            {
                ["type"] = "ARRAY",
                ["minItems"] = numberOfScenes,
                ["maxItems"] = numberOfScenes,
                ["items"] = new JsonObject
                {
                    ["type"] = "OBJECT",
                    ["properties"] = new JsonObject
                    {
                        ["description"] = new JsonObject { ["type"] = "STRING", ["description"] = "The complete video prompt of the scene." },
                        ["negative_description"] = new JsonObject { ["type"] = "STRING", ["description"] = "What the video model must avoid." },
                        ["shot_type"] = new JsonObject { ["type"] = "STRING" },
                        ["camera_movement"] = new JsonObject { ["type"] = "STRING" },
                    },
                    ["required"] = new JsonArray("description", "negative_description", "shot_type", "camera_movement"),
                    ["propertyOrdering"] = new JsonArray("description", "negative_description", "shot_type", "camera_movement"),
                },
            },
        },
        ["required"] = new JsonArray("scenes"),
    };

    /// <summary>Standard JSON Schema for OpenAI structured outputs (strict mode: every property required, no extra properties).</summary>
    public static JsonObject ForJsonSchema(int numberOfScenes) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["scenes"] = new JsonObject
            {
                ["type"] = "array",
                ["minItems"] = numberOfScenes,
                ["maxItems"] = numberOfScenes,
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["description"] = new JsonObject { ["type"] = "string", ["description"] = "The complete video prompt of the scene." },
                        ["negative_description"] = new JsonObject { ["type"] = "string", ["description"] = "What the video model must avoid." },
                        ["shot_type"] = new JsonObject { ["type"] = "string" },
                        ["camera_movement"] = new JsonObject { ["type"] = "string" },
                    },
                    ["required"] = new JsonArray("description", "negative_description", "shot_type", "camera_movement"),
                    ["additionalProperties"] = false,
                },
            },
        },
        ["required"] = new JsonArray("scenes"),
        ["additionalProperties"] = false,
    };
}
