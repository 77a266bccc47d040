using System.Net;
using MusicVideo.Server.Tests.Infrastructure;
using MusicVideo.Tests.Shared;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>MV_SEED_HOLD_SECONDS: past the configured hold the answer is 202, and a bad value stops the server at start-up.</summary>
public sealed class SeedHoldConfigurationTests
{
    [Fact]
    public async Task GenerateVideo_WorkOutlastsTheConfiguredHold_Answers202WithCheckStatusAndNoPreferenceApplied()
    {
        await using var server = await MvServer.StartAsync(new Dictionary<string, string>
        {
            ["MV_SEED_HOLD_SECONDS"] = "1",
            ["MV_LOCAL_MIN_JOB_SECONDS"] = "5",
        });
        var started = DateTime.UtcNow;
        var accepted = await SeedClient.PostExpectAsync(server, "/api/mv/generate_video", new { prompt = "A ferris wheel turns at dusk.", duration = 4 }, HttpStatusCode.Accepted);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1), "the 202 came before the hold ran out");
        Assert.Null(accepted.PreferenceApplied);
        Assert.NotNull(accepted.Location);
        var output = CompletedOutput(await server.WaitForStatusAsync(accepted.Body));
        await AssertVideoAsync(server, Str(output, "video_url"), 4, SizeFor("16:9"));
    }

    [Theory]
    [InlineData("seven minutes")]
    [InlineData("901")]
    [InlineData("-5")]
    public async Task Serve_BadSeedHold_RefusesToStartNamingTheVariable(string value)
    {
        string data = Path.Combine(Path.GetTempPath(), "mv-server-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(
                ServerProcess.FindAssembly(Path.Combine("src", "Server"), "musicvideo"),
                ["serve"],
                new Dictionary<string, string> { ["MV_DATA_DIR"] = data, ["MV_SEED_HOLD_SECONDS"] = value }));
            Assert.Contains("MV_SEED_HOLD_SECONDS must be a whole number of seconds from 0 to 900", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
