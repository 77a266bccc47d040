using System.Net;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>A failed instance's output names the failure in words: no .NET type names, no parameter names.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class FailedInstanceOutputTests(DefaultServerFixture fixture)
{
    readonly MvServer _server = fixture.Server;

    [Fact]
    public async Task Orchestration_WithAnInputOfTheWrongShape_FailsWithTheJsonPathInWords()
    {
        // CreateScenes has no management-side validator, so the bad input reaches the orchestration itself.
        using var response = await _server.PostJsonAsync("/runtime/webhooks/durabletask/orchestrators/CreateScenes", new { idea = 5, character_description = "b" });
        var accepted = await _server.ExpectAsync(response, HttpStatusCode.Accepted, "start CreateScenes");

        var status = await _server.PollStatusAsync(MvServer.StatusUri(accepted), s => Str(s, "runtimeStatus") == "Failed", TimeSpan.FromSeconds(30));
        string output = status["output"]!.GetValue<string>();

        Assert.Contains("$.idea", output, StringComparison.Ordinal);
        Assert.DoesNotContain("MusicVideo.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", output, StringComparison.Ordinal);
    }
}
