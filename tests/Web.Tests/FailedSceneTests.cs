using Microsoft.Playwright;
using MusicVideo.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MusicVideo.Web.Tests.Infrastructure.PageSteps;

namespace MusicVideo.Web.Tests;

/// <summary>A scene whose clip fails for good (the local provider's fail switch) shows the reason and a Retry.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FailedSceneTests(BrowserFixture browser)
{
    /// <summary>Appears in exactly one prompt of a 3-scene plan.</summary>
    const string Marker = "Scene 2 of 3";

    [Fact]
    public async Task SceneFailsForGood_CardShowsTheReasonAndRetryMakesANewCutForThatScene()
    {
        await using var server = await UiServer.StartAsync(new Dictionary<string, string> { ["MV_LOCAL_FAIL_PROMPT"] = Marker });
        string id = await server.StartJobAsync(JobRequest("a street dancer racing the sunrise"));
        var page = await browser.NewPageAsync(server.BaseUrl);
        await page.GotoAsync($"/jobs/{id}");

        var failed = SceneCard(page, 2);
        await Expect(failed).ToHaveAttributeAsync("data-clip-state", "failed", new() { Timeout = 60_000 });
        await Expect(failed.GetByTestId("clip-error")).ToContainTextAsync($"the prompt contains '{Marker}'");
        var retry = failed.GetByRole(AriaRole.Button, new() { Name = "Retry scene 2" });
        await Expect(retry).ToBeVisibleAsync();

        // The other scenes still make it into the video; the failed one is left out and says so.
        await WaitForJobPageStatusAsync(page, "Completed");
        await Expect(SceneCard(page, 1)).ToHaveAttributeAsync("data-clip-state", "succeeded");
        await Expect(SceneCard(page, 3)).ToHaveAttributeAsync("data-clip-state", "succeeded");
        await Expect(page.GetByTestId("full-video-facts")).ToContainTextAsync("2 clips · 1 scene left out");
        await BrowserFixture.ScreenshotAsync(page, "job-page-failed-scene");

        await Expect(retry).ToBeEnabledAsync();
        await retry.ClickAsync();
        await FollowsNewCutAsync(page, id);
        var cut = await server.GetJsonAsync($"/api/mv/jobs/{JobId(page)}");
        Assert.Equal(id, Str(cut, "parent_job_id"));
        await page.Context.CloseAsync();
    }
}
