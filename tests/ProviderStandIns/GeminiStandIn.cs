using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MusicVideo.ProviderStandIns;

/// <summary>
/// A stand-in for the Gemini API (<c>v1beta</c>): <c>models/{m}:generateContent</c> with a JSON response schema,
/// <c>models/{m}:predictLongRunning</c> (Veo) with operations that finish after a few polls, <c>{operation}:cancel</c>, and
/// <c>files/{id}:download</c> serving a real MP4 made with ffmpeg. Every call needs <c>x-goog-api-key</c>.
/// </summary>
public sealed class GeminiStandIn(string apiKey = GeminiStandIn.DefaultApiKey) : StandInServer
{
    /// <summary>The key the stand-in accepts unless told otherwise.</summary>
    public const string DefaultApiKey = "gemini-test-key";

    readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<JsonObject> _usage = new();
    int _malformedLeft;
    int _nextId;

    /// <summary>Gets or sets how many polls an operation answers <c>done: false</c> before it finishes (default 1).</summary>
    public int PollsBeforeDone { get; set; } = 1;

    /// <summary>Makes the next <paramref name="count"/> <c>generateContent</c> answers malformed (a scene too few, inside a valid envelope).</summary>
    public void AnswerMalformed(int count) => Interlocked.Exchange(ref _malformedLeft, count);

    /// <summary>The <c>usageMetadata</c> of every <c>generateContent</c> answer sent so far (what Google would bill).</summary>
    public IReadOnlyList<JsonObject> UsageReported => [.. _usage.Select(u => JsonNode.Parse(u.ToJsonString())!.AsObject())];

    /// <summary>The operation names created so far.</summary>
    public IReadOnlyCollection<string> OperationNames => [.. _operations.Keys];

    /// <summary>The operation names a cancel arrived for.</summary>
    public IReadOnlyCollection<string> Canceled => [.. _operations.Where(o => o.Value.Canceled).Select(o => o.Key)];

    /// <inheritdoc />
    protected override string ProviderName => "Gemini";

    /// <inheritdoc />
    protected override string RateLimitBody(int retryAfterSeconds) =>
        """{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""";

    /// <inheritdoc />
    protected override string ServerErrorBody => """{"error":{"code":500,"message":"An internal error has occurred (injected by the stand-in).","status":"INTERNAL"}}""";

    /// <inheritdoc />
    protected override void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMethods("/v1beta/{**rest}", ["GET", "POST"], HandleAsync);
    }

    async Task HandleAsync(HttpContext http, string rest)
    {
        if (http.Request.Headers["x-goog-api-key"].ToString() != apiKey)
        {
            await ErrorAsync(http, 400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT");
            return;
        }

        var post = HttpMethods.IsPost(http.Request.Method);
        if (post && rest.StartsWith("models/", StringComparison.Ordinal) && rest.EndsWith(":generateContent", StringComparison.Ordinal))
        {
            await GenerateContentAsync(http);
        }
        else if (post && rest.StartsWith("models/", StringComparison.Ordinal) && rest.EndsWith(":predictLongRunning", StringComparison.Ordinal))
        {
            await PredictLongRunningAsync(http, rest["models/".Length..^":predictLongRunning".Length]);
        }
        else if (post && rest.EndsWith(":cancel", StringComparison.Ordinal) && _operations.TryGetValue(rest[..^":cancel".Length], out var toCancel))
        {
            toCancel.Canceled = true;
            await WriteJsonAsync(http, "{}");
        }
        else if (!post && _operations.TryGetValue(rest, out var operation))
        {
            await WriteJsonAsync(http, OperationJson(operation).ToJsonString());
        }
        else if (!post && rest.StartsWith("files/", StringComparison.Ordinal) && rest.EndsWith(":download", StringComparison.Ordinal)
            && http.Request.Query["alt"] == "media")
        {
            http.Response.ContentType = "video/mp4";
            await http.Response.Body.WriteAsync(await StandInMedia.Mp4Async());
        }
        else
        {
            await ErrorAsync(http, 404, $"Method not found: {http.Request.Method} v1beta/{rest}.", "NOT_FOUND");
        }
    }

    async Task GenerateContentAsync(HttpContext http)
    {
        var body = await ReadJsonAsync(http);
        var config = body?["generationConfig"];
        var text = body?["contents"]?.AsArray().LastOrDefault(c => c?["role"]?.GetValue<string>() == "user")?["parts"]?[0]?["text"]?.GetValue<string>();
        var first = body?["contents"]?[0]?["parts"]?[0]?["text"]?.GetValue<string>();
        if (text is null || first is null || config?["responseMimeType"]?.GetValue<string>() != "application/json" || config["responseSchema"] is null)
        {
            await ErrorAsync(http, 400, "contents[].parts[].text, generationConfig.responseMimeType=application/json and responseSchema are required.", "INVALID_ARGUMENT");
            return;
        }

        if (http.Items.ContainsKey(ContentPolicyItem))
        {
            await WriteJsonAsync(http, """
                {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH"}]},
                 "usageMetadata":{"promptTokenCount":812,"totalTokenCount":812},"modelVersion":"gemini-2.5-pro"}
                """);
            return;
        }

        var count = SceneAnswers.RequestedCount(config["responseSchema"]);
        var answer = Interlocked.Decrement(ref _malformedLeft) >= 0 ? SceneAnswers.WrongCount(count, first) : SceneAnswers.WellFormed(count, first);

        // Like the real API: the prompt's tokens (about 4 characters each, system instruction, schema and every turn), the answer's,
        // and the thinking a 2.5 Pro model always does (billed as output; candidatesTokenCount leaves it out).
        int prompt = (body!.ToJsonString().Length + 3) / 4;
        int candidates = (answer.Length + 3) / 4;
        int thoughts = 900 + (37 * count);
        var usage = new JsonObject
        {
            ["promptTokenCount"] = prompt,
            ["candidatesTokenCount"] = candidates,
            ["thoughtsTokenCount"] = thoughts,
            ["totalTokenCount"] = prompt + candidates + thoughts,
        };
        _usage.Enqueue(JsonNode.Parse(usage.ToJsonString())!.AsObject());
        var response = new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(new JsonObject { ["text"] = answer }) },
                ["finishReason"] = "STOP",
                ["index"] = 0,
            }),
            ["usageMetadata"] = usage,
            ["modelVersion"] = "gemini-2.5-pro",
        };
        await WriteJsonAsync(http, response.ToJsonString());
    }

    async Task PredictLongRunningAsync(HttpContext http, string model)
    {
        var body = await ReadJsonAsync(http);
        var instance = body?["instances"]?[0];
        var parameters = body?["parameters"];
        var aspect = parameters?["aspectRatio"]?.GetValue<string>();
        var duration = parameters?["durationSeconds"]?.GetValue<int>();
        if (string.IsNullOrWhiteSpace(instance?["prompt"]?.GetValue<string>()) || aspect is not ("16:9" or "9:16") || duration is not (4 or 6 or 8))
        {
            await ErrorAsync(http, 400, "instances[0].prompt is required; parameters.aspectRatio must be 16:9 or 9:16 and durationSeconds 4, 6 or 8.", "INVALID_ARGUMENT");
            return;
        }

        if (instance["referenceImages"] is JsonArray references
            && (references.Count > 3 || duration != 8 || references.Any(r => r?["referenceType"]?.GetValue<string>() != "asset"
                || string.IsNullOrEmpty(r?["image"]?["bytesBase64Encoded"]?.GetValue<string>()))))
        {
            await ErrorAsync(http, 400, "referenceImages take 1-3 asset images with bytesBase64Encoded and need durationSeconds 8.", "INVALID_ARGUMENT");
            return;
        }

        var id = Interlocked.Increment(ref _nextId).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var name = $"models/{model}/operations/{id}";
        _operations[name] = new Operation(name, id, http.Items.ContainsKey(ContentPolicyItem));
        await WriteJsonAsync(http, new JsonObject { ["name"] = name }.ToJsonString());
    }

    JsonObject OperationJson(Operation operation)
    {
        var polls = Interlocked.Increment(ref operation.Polls);
        if (operation.Canceled)
        {
            return new JsonObject { ["name"] = operation.Name, ["done"] = true, ["error"] = new JsonObject { ["code"] = 1, ["message"] = "Operation was cancelled." } };
        }

        if (polls <= PollsBeforeDone)
        {
            return new JsonObject { ["name"] = operation.Name, ["done"] = false };
        }

        var result = operation.Filtered
            ? new JsonObject
            {
                ["raiMediaFilteredCount"] = 1,
                ["raiMediaFilteredReasons"] = new JsonArray("Your prompt could not be submitted because it may violate our usage guidelines."),
            }
            : new JsonObject
            {
                ["generatedSamples"] = new JsonArray(new JsonObject
                {
                    ["video"] = new JsonObject { ["uri"] = new Uri(BaseUrl, $"v1beta/files/{operation.Id}:download?alt=media").ToString() },
                }),
            };
        return new JsonObject
        {
            ["name"] = operation.Name,
            ["done"] = true,
            ["response"] = new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
                ["generateVideoResponse"] = result,
            },
        };
    }

    static async Task<JsonNode?> ReadJsonAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    static Task ErrorAsync(HttpContext http, int status, string message, string statusName)
    {
        http.Response.StatusCode = status;
        return WriteJsonAsync(http, new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["status"] = statusName },
        }.ToJsonString());
    }

    sealed class Operation(string name, string id, bool filtered)
    {
        public int Polls;

        public string Name { get; } = name;

        public string Id { get; } = id;

        public bool Filtered { get; } = filtered;

        public bool Canceled { get; set; }
    }
}
