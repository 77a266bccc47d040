using System.Net;
using System.Text.Json.Nodes;

namespace MusicVideo.Server.Tests.Infrastructure;

/// <summary>One answer of the server: status, headers and the parsed JSON body.</summary>
sealed record SeedAnswer(HttpStatusCode Status, JsonNode Body, string? PreferenceApplied, bool Replayed, Uri? Location);

/// <summary>Calls the /api/mv routes the way the seed's frontend does: a plain POST of the seed's JSON body, optional headers, no query string.</summary>
static class SeedClient
{
    /// <summary>POSTs JSON with the given headers (e.g. Prefer, Idempotency-Key) and returns the answer; fails on a non-JSON body.</summary>
    public static async Task<SeedAnswer> PostAsync(
        MvServer server, string path, object body, IReadOnlyDictionary<string, string>? headers = null, CancellationToken cancellation = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = MvServer.Json(body) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"header {name}");
        }

        using var response = await server.Http.SendAsync(request, cancellation);
        string text = await response.Content.ReadAsStringAsync(cancellation);
        var json = JsonNode.Parse(text) ?? throw new Xunit.Sdk.XunitException($"POST {path}: the body is not JSON: {text}");
        return new SeedAnswer(
            response.StatusCode,
            json,
            response.Headers.TryGetValues("Preference-Applied", out var applied) ? string.Join(", ", applied) : null,
            response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true"),
            response.Headers.Location);
    }

    /// <summary>POSTs and asserts the status, naming the route and body on failure.</summary>
    public static async Task<SeedAnswer> PostExpectAsync(
        MvServer server, string path, object body, HttpStatusCode expected, IReadOnlyDictionary<string, string>? headers = null)
    {
        var answer = await PostAsync(server, path, body, headers);
        Assert.True(answer.Status == expected, $"POST {path}: expected {(int)expected}, got {(int)answer.Status}: {answer.Body.ToJsonString()}");
        return answer;
    }

    /// <summary>The orchestrations whose ids come from an Idempotency-Key, from the Durable management API's instance list.</summary>
    public static async Task<JsonArray> IdempotentInstancesAsync(MvServer server) =>
        (await server.GetJsonAsync("/runtime/webhooks/durabletask/instances?instanceIdPrefix=idem-")).AsArray();
}
