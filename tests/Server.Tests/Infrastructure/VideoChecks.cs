using System.Text.Json.Nodes;

namespace MusicVideo.Server.Tests.Infrastructure;

/// <summary>Checks on finished jobs and their videos shared by the test areas.</summary>
static class VideoChecks
{
    public const double DurationTolerance = 0.2;

    public static (int Width, int Height) SizeFor(string aspectRatio) => aspectRatio switch
    {
        "16:9" => (1280, 720),
        "9:16" => (720, 1280),
        "1:1" => (720, 720),
        _ => throw new ArgumentOutOfRangeException(nameof(aspectRatio), aspectRatio, null),
    };

    /// <summary>Asserts the Durable status says Completed and returns its output.</summary>
    public static JsonNode CompletedOutput(JsonNode status)
    {
        Assert.True(status["runtimeStatus"]?.GetValue<string>() == "Completed", "expected Completed: " + status.ToJsonString());
        return status["output"] ?? throw new Xunit.Sdk.XunitException("a Completed status has no output: " + status.ToJsonString());
    }

    /// <summary>Downloads a video and asserts its duration, one video stream of the given size and one audio stream.</summary>
    public static async Task<(byte[] Bytes, ProbeResult Probe)> AssertVideoAsync(MvServer server, string videoUrl, double expectedSeconds, (int Width, int Height) size)
    {
        Assert.StartsWith("/api/mv/get_video/", videoUrl, StringComparison.Ordinal);
        byte[] bytes = await server.DownloadAsync(videoUrl, "video/mp4");
        var probe = await MediaTools.ProbeAsync(bytes);
        Assert.True(Math.Abs(probe.DurationSeconds - expectedSeconds) <= DurationTolerance,
            $"{videoUrl}: duration {probe.DurationSeconds:0.000} s, expected {expectedSeconds:0.000} ± {DurationTolerance} s");
        Assert.Equal([size], probe.VideoStreams);
        Assert.Equal(1, probe.AudioStreams);
        return (bytes, probe);
    }

    public static JsonArray Scenes(JsonNode node) => node["scenes"]?.AsArray() ?? throw new Xunit.Sdk.XunitException("no scenes in " + node.ToJsonString());

    public static string Str(JsonNode? node, string property) => node?[property]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"no '{property}' in {node?.ToJsonString()}");
}
