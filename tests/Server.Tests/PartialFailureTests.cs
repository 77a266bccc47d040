using System.Net;
using System.Text.Json.Nodes;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>A server whose local clip provider fails for good on prompts containing <see cref="Marker"/>.</summary>
public sealed class FailingProviderServerFixture : IAsyncLifetime
{
    /// <summary>Appears in exactly one scene prompt of a 3-scene plan ("Scene 2 of 3. …"), or in all of them when the idea contains it.</summary>
    public const string Marker = "Scene 2 of 3";

    MvServer? _server;

    internal MvServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() =>
        _server = await MvServer.StartAsync(new Dictionary<string, string> { ["MV_LOCAL_FAIL_PROMPT"] = Marker });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Scenes whose clip fails for good are reported and left out; a job without any clip fails with the reasons.</summary>
public sealed class PartialFailureTests(FailingProviderServerFixture fixture) : IClassFixture<FailingProviderServerFixture>
{
    const int ClipDuration = 4;
    readonly MvServer _server = fixture.Server;

    [Fact]
    public async Task CreateJob_OneSceneClipFailsForGood_CompletesWithoutThatScene()
    {
        var request = new
        {
            idea = "a street dancer racing the sunrise across rooftops",
            character_description = "a young dancer in a green hoodie",
            number_of_scenes = 3,
            seed = 5,
            aspect_ratio = "16:9",
        };
        var prompts = await PlannedPromptsAsync(request);
        Assert.Equal(1, prompts.Count(p => p.Contains(FailingProviderServerFixture.Marker, StringComparison.Ordinal)));
        int failing = prompts.FindIndex(p => p.Contains(FailingProviderServerFixture.Marker, StringComparison.Ordinal));

        var status = await _server.RunAsync("/api/mv/jobs", new
        {
            request.idea,
            request.character_description,
            request.number_of_scenes,
            request.seed,
            request.aspect_ratio,
            clip_duration = ClipDuration,
        });

        var output = CompletedOutput(status);
        var scenes = Scenes(output);
        Assert.Equal(prompts, scenes.Select(s => Str(s, "prompt")).ToList());
        Assert.Equal(1, output["failed_scenes"]!.GetValue<int>());
        var failed = scenes[failing]!;
        Assert.Equal("failed", Str(failed, "clip_state"));
        Assert.False(string.IsNullOrWhiteSpace(failed["error"]?.GetValue<string>()), "the failed scene has no reason: " + failed.ToJsonString());
        Assert.Null(failed["video_id"]);
        Assert.All(scenes.Where((_, i) => i != failing), s => Assert.Equal("succeeded", Str(s, "clip_state")));

        var view = await _server.GetJsonAsync($"/api/mv/jobs/{Str(status, "instanceId")}");
        Assert.Equal(1, view["failed_scenes"]!.GetValue<int>());
        Assert.Equal("failed", Str(Scenes(view)[failing], "clip_state"));

        await AssertVideoAsync(_server, Str(output, "video_url"), (3 - 1) * ClipDuration, SizeFor("16:9"));
    }

    [Fact]
    public async Task CreateJob_EverySceneClipFailsForGood_JobFailsNamingTheReasons()
    {
        // The idea appears in every scene prompt, so every clip hits the injected failure.
        var request = new
        {
            idea = $"a band whose hit single is called {FailingProviderServerFixture.Marker}",
            character_description = "a bassist with a blue mohawk",
            number_of_scenes = 2,
            seed = 3,
        };
        var prompts = await PlannedPromptsAsync(request);
        Assert.All(prompts, p => Assert.Contains(FailingProviderServerFixture.Marker, p, StringComparison.Ordinal));

        var status = await _server.RunAsync("/api/mv/jobs", new
        {
            request.idea,
            request.character_description,
            request.number_of_scenes,
            request.seed,
            aspect_ratio = "1:1",
            clip_duration = ClipDuration,
        });

        Assert.Equal("Failed", Str(status, "runtimeStatus"));
        string everything = status.ToJsonString();
        Assert.Contains("scene 1", everything, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("scene 2", everything, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("injected", everything, StringComparison.OrdinalIgnoreCase);
        var progress = status["customStatus"]!;
        Assert.Equal("failed", Str(progress, "stage"));
        Assert.All(Scenes(progress), s =>
        {
            Assert.Equal("failed", Str(s, "clip_state"));
            Assert.False(string.IsNullOrWhiteSpace(s!["error"]?.GetValue<string>()));
        });

        var view = await _server.GetJsonAsync($"/api/mv/jobs/{Str(status, "instanceId")}");
        Assert.Equal("Failed", Str(view, "status"));
        Assert.Equal(2, view["failed_scenes"]!.GetValue<int>());
        Assert.Contains("No clip could be generated", Str(view, "error"), StringComparison.Ordinal);
        Assert.Null(view["video_url"]);
    }

    [Fact]
    public async Task CreateJob_EverySceneFailsWithWait_AnswersAnErrorNamingTheReasons()
    {
        using var response = await _server.PostJsonAsync("/api/mv/jobs?wait=60", new
        {
            idea = $"an orchestra rehearsing {FailingProviderServerFixture.Marker}",
            character_description = "a conductor in a white suit",
            number_of_scenes = 1,
            clip_duration = ClipDuration,
        });
        string text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;
        Assert.False(response.IsSuccessStatusCode, text);
        Assert.Contains("No clip could be generated", Str(body, "message"), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    async Task<List<string>> PlannedPromptsAsync(object request)
    {
        var plan = await _server.PostJsonExpectAsync("/api/mv/create_scenes?wait=60", request, HttpStatusCode.OK);
        return Scenes(plan).Select(s => Str(s, "description")).ToList();
    }
}
