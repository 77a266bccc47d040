using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MusicVideo.ProviderStandIns;

/// <summary>
/// A stand-in for an OpenAI-compatible chat completions endpoint (<c>POST /v1/chat/completions</c>) with structured output
/// (<c>response_format: json_schema</c>); content-policy faults answer with a <c>refusal</c>, as OpenAI's models do.
/// </summary>
public sealed class OpenAIStandIn(string? apiKey = OpenAIStandIn.DefaultApiKey) : StandInServer
{
    /// <summary>The key the stand-in accepts unless told otherwise.</summary>
    public const string DefaultApiKey = "openai-test-key";

    readonly ConcurrentQueue<JsonObject> _usage = new();
    int _malformedLeft;
    int _nextId;

    /// <summary>The <c>usage</c> of every answer sent so far (what the endpoint would bill).</summary>
    public IReadOnlyList<JsonObject> UsageReported => [.. _usage.Select(u => JsonNode.Parse(u.ToJsonString())!.AsObject())];

    /// <summary>Makes the next <paramref name="count"/> answers malformed (a scene too few).</summary>
    public void AnswerMalformed(int count) => Interlocked.Exchange(ref _malformedLeft, count);

    /// <inheritdoc />
    protected override string ProviderName => "OpenAI";

    /// <inheritdoc />
    protected override string RateLimitBody(int retryAfterSeconds) =>
        "{\"error\":{\"message\":\"Rate limit reached for requests. Please try again in " + retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) +
        "s.\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";

    /// <inheritdoc />
    protected override string ServerErrorBody => """{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}""";

    /// <inheritdoc />
    protected override void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/v1/chat/completions", CompleteAsync);
    }

    async Task CompleteAsync(HttpContext http)
    {
        if (apiKey is not null && http.Request.Headers.Authorization.ToString() != "Bearer " + apiKey)
        {
            await ErrorAsync(http, 401, "Incorrect API key provided.", "invalid_api_key");
            return;
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body);
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        var model = body?["model"]?.GetValue<string>();
        var messages = body?["messages"] as JsonArray;
        var format = body?["response_format"];
        var schema = format?["json_schema"]?["schema"];
        if (model is null || messages is null || messages.Count == 0 || format?["type"]?.GetValue<string>() != "json_schema" || schema is null)
        {
            await ErrorAsync(http, 400, "model, messages and response_format {type: json_schema, json_schema: {name, schema}} are required.", "invalid_request_error");
            return;
        }

        var firstUser = messages.FirstOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"];
        var prompt = firstUser is JsonValue ? firstUser.GetValue<string>() : firstUser?[0]?["text"]?.GetValue<string>() ?? string.Empty;
        var count = SceneAnswers.RequestedCount(schema);
        var message = new JsonObject { ["role"] = "assistant" };
        if (http.Items.ContainsKey(ContentPolicyItem))
        {
            message["content"] = null;
            message["refusal"] = "I'm sorry, but I can't help with that request.";
        }
        else
        {
            message["content"] = Interlocked.Decrement(ref _malformedLeft) >= 0 ? SceneAnswers.WrongCount(count, prompt) : SceneAnswers.WellFormed(count, prompt);
            message["refusal"] = null;
        }

        var response = new JsonObject
        {
            ["id"] = "chatcmpl-standin" + Interlocked.Increment(ref _nextId),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = "stop" }),
            ["usage"] = Usage(body!.ToJsonString().Length, message["content"]?.GetValue<string>().Length ?? message["refusal"]!.GetValue<string>().Length),
        };
        await WriteJsonAsync(http, response.ToJsonString());
    }

    /// <summary>Token counts like a real endpoint's (about 4 characters a token), remembered for the tests.</summary>
    JsonObject Usage(int requestCharacters, int answerCharacters)
    {
        int prompt = (requestCharacters + 3) / 4;
        int completion = (answerCharacters + 3) / 4;
        var usage = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion };
        _usage.Enqueue(JsonNode.Parse(usage.ToJsonString())!.AsObject());
        return usage;
    }

    static Task ErrorAsync(HttpContext http, int status, string message, string code)
    {
        http.Response.StatusCode = status;
        return WriteJsonAsync(http, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = code, ["param"] = null, ["code"] = code },
        }.ToJsonString());
    }
}
