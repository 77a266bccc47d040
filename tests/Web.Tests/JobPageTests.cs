using Microsoft.Playwright;
using MusicVideo.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MusicVideo.Web.Tests.Infrastructure.PageSteps;

namespace MusicVideo.Web.Tests;

/// <summary>The job page's edit controls make new cuts the page follows; a reload mid-job resumes from the durable state.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JobPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task EditPromptThenRegenerateClip_EachNewCutShowsItsNewClipAndFullVideo_UntouchedClipsKeepTheirIds()
    {
        var server = browser.Server;
        string first = await server.StartJobAsync(JobRequest("a rooftop chase at dawn"));
        await server.WaitForJobEndAsync(first);
        var page = await browser.NewPageAsync(server.BaseUrl);
        await page.GotoAsync($"/jobs/{first}");
        await WaitForJobPageStatusAsync(page, "Completed");
        var original = await ShownClipIdsAsync(page);
        Assert.Equal(3, original.Count(id => id.Length > 0));

        // Edit scene 1 inline; Cancel leaves it, Save starts a new cut and the page follows it.
        var card = SceneCard(page, 1);
        await card.GetByRole(AriaRole.Button, new() { Name = "Edit scene 1" }).ClickAsync();
        await card.GetByLabel("Prompt of scene 1").FillAsync("thrown away");
        await card.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(card.GetByTestId("scene-prompt")).Not.ToContainTextAsync("thrown away");
        const string edited = "Scene 1 of 3, rewritten: the fox leaps between two rooftops against an orange sunrise, seen from below.";
        await card.GetByRole(AriaRole.Button, new() { Name = "Edit scene 1" }).ClickAsync();
        await card.GetByLabel("Prompt of scene 1").FillAsync(edited);
        await card.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await FollowsNewCutAsync(page, first);
        string second = JobId(page);
        await WaitForJobPageStatusAsync(page, "Completed");
        await Expect(SceneCard(page, 1).GetByTestId("scene-prompt")).ToHaveTextAsync(edited);
        var afterEdit = await ShownClipIdsAsync(page);
        Assert.NotEqual(original[0], afterEdit[0]);
        Assert.Equal(original.Skip(1), afterEdit.Skip(1));
        await Expect(SceneCard(page, 2).GetByTestId("clip-facts")).ToHaveTextAsync("Reused from the previous cut");
        await PlayFullVideoAsync(page);

        // Regenerate clip 2 of the new cut: only that clip changes, and the cut has a new full video.
        await SceneCard(page, 2).GetByRole(AriaRole.Button, new() { Name = "Regenerate clip of scene 2" }).ClickAsync();
        await FollowsNewCutAsync(page, second);
        string third = JobId(page);
        await WaitForJobPageStatusAsync(page, "Completed");
        var afterRegenerate = await ShownClipIdsAsync(page);
        Assert.Equal(afterEdit[0], afterRegenerate[0]);
        Assert.NotEqual(afterEdit[1], afterRegenerate[1]);
        Assert.Equal(afterEdit[2], afterRegenerate[2]);
        var secondView = await server.GetJsonAsync($"/api/mv/jobs/{second}");
        var thirdView = await server.GetJsonAsync($"/api/mv/jobs/{third}");
        Assert.Equal(second, Str(thirdView, "parent_job_id"));
        Assert.NotEqual(Str(secondView, "video_id"), Str(thirdView, "video_id"));
        Assert.Equal(afterRegenerate, thirdView["scenes"]!.AsArray().Select(s => s!["video_id"]?.GetValue<string>() ?? string.Empty));
        double duration = await PlayFullVideoAsync(page);
        Assert.InRange(duration, thirdView["duration_seconds"]!.GetValue<double>() - 0.1, thirdView["duration_seconds"]!.GetValue<double>() + 0.1);
        string src = await page.GetByTestId("full-video-player").GetAttributeAsync("src") ?? string.Empty;
        Assert.Contains(Str(thirdView, "video_id"), src, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReloadMidJob_ThePageResumesWithTheLiveStateAndFollowsTheJobToTheEnd()
    {
        var server = browser.Server;
        string id = await server.StartJobAsync(JobRequest("a lighthouse keeper's last night", scenes: 4));
        var page = await browser.NewPageAsync(server.BaseUrl);
        await page.GotoAsync($"/jobs/{id}");
        await Expect(page.Locator("[data-testid=scene-card][data-clip-state=generating]").First).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await page.ReloadAsync();
        // Straight after the reload: the same job, running, its scenes and their clip states from the server.
        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("Running");
        await Expect(page.GetByTestId("scene-card")).ToHaveCountAsync(4);
        var live = await server.GetJsonAsync($"/api/mv/jobs/{id}");
        Assert.Equal("Running", Str(live, "status"));
        Assert.Contains(await page.Locator("[data-testid=scene-card]").EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.clipState)"),
            state => state is "generating" or "pending");
        await Expect(page.GetByTestId("scene-prompt").First).ToContainTextAsync("Scene 1 of 4");
        await BrowserFixture.ScreenshotAsync(page, "job-page-after-reload");

        // No more reloads: the page keeps polling and shows the end.
        await WaitForJobPageStatusAsync(page, "Completed");
        await Expect(page.Locator("[data-testid=scene-card][data-clip-state=succeeded]")).ToHaveCountAsync(4);
        await PlayFullVideoAsync(page);
        await page.Context.CloseAsync();
    }
}
