using Microsoft.Playwright;
using MusicVideo.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MusicVideo.Web.Tests.Infrastructure.PageSteps;

namespace MusicVideo.Web.Tests;

/// <summary>The musician's whole path: create page → 4 references → pick one → Quick Job → live job page → the full video plays.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WholeFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task CreateWithFourReferences_QuickJob_ScenesTypeInClipsRenderAndTheFullVideoPlays()
    {
        var server = browser.Server;
        var page = await browser.NewPageAsync(server.BaseUrl);
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create a music video" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Music video" })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Director style").Locator("option")).ToHaveCountAsync(10); // "none" + the nine styles
        await FillCreateFormAsync(page);

        // Generate Videos is unavailable until a reference is selected, and says why when tried.
        var generateVideos = page.GetByRole(AriaRole.Button, new() { Name = "Generate Videos" });
        await Expect(generateVideos).ToHaveAttributeAsync("aria-disabled", "true");
        await generateVideos.ClickAsync(new() { Force = true }); // aria-disabled: still focusable and clickable, it explains itself
        await Expect(page.Locator("#submit-message")).ToContainTextAsync("Select a character reference first");
        Assert.EndsWith("/", page.Url, StringComparison.Ordinal);

        // Four placeholders at once, then four images fetched one by one by id.
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate references" }).ClickAsync();
        await Expect(page.Locator(".reference")).ToHaveCountAsync(4);
        var ready = page.Locator(".reference[data-state=ready]");
        await Expect(ready).ToHaveCountAsync(4, Long);
        string[] ids = await ready.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.imageId)");
        Assert.Equal(4, ids.Distinct().Count());
        bool[] loaded = await page.Locator(".reference img").EvaluateAllAsync<bool[]>("imgs => imgs.map(i => i.complete && i.naturalWidth > 0 && i.src.startsWith('blob:'))");
        Assert.Equal([true, true, true, true], loaded);

        await page.GetByText("Generated image 2").ClickAsync();
        await Expect(page.Locator(".reference.selected")).ToHaveCountAsync(1);
        await Expect(page.Locator(".reference.selected .badge")).ToHaveTextAsync("✓ Selected");
        Assert.Equal(ids[1], await page.Locator(".reference.selected").GetAttributeAsync("data-image-id"));
        await Expect(generateVideos).ToHaveAttributeAsync("aria-disabled", "false");
        await BrowserFixture.ScreenshotAsync(page, "create-page");

        await page.GetByRole(AriaRole.Button, new() { Name = "Quick Job" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/jobs/[0-9a-f]+$"), new() { Timeout = 30_000 });
        string jobId = JobId(page);
        var input = await server.GetJsonAsync($"/runtime/webhooks/durabletask/instances/{jobId}");
        Assert.Equal(ids[1], Field(input["input"], "character_reference_id")?.GetValue<string>());

        // Scene cards appear and type in: the text shown is shorter than the prompt at first.
        var prompts = page.GetByTestId("scene-prompt");
        await Expect(prompts).ToHaveCountAsync(3, Long);
        await Expect(prompts.First).ToHaveAttributeAsync("data-typing", "true");
        string typedSoFar = await prompts.First.Locator("span[aria-hidden=true]").InnerTextAsync();
        var view = await server.GetJsonAsync($"/api/mv/jobs/{jobId}");
        string prompt = Str(view["scenes"]![0], "prompt");
        Assert.True(typedSoFar.Length < prompt.Length, $"the scene text did not type in: {typedSoFar.Length} of {prompt.Length} characters shown at once");
        Assert.StartsWith(typedSoFar, prompt, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hide input" })).ToHaveCountAsync(0); // the input card collapsed

        // Clip cards go generating (with the attempt), then every clip is done.
        await Expect(page.Locator("[data-testid=scene-card][data-clip-state=generating]").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("clip-state").Filter(new() { HasText = "Generating · attempt 1" }).First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "job-page-generating");
        await WaitForJobPageStatusAsync(page, "Completed");
        await Expect(page.Locator("[data-testid=scene-card][data-clip-state=succeeded]")).ToHaveCountAsync(3);
        await Expect(prompts.First).ToHaveAttributeAsync("data-typing", "false");

        var done = await server.GetJsonAsync($"/api/mv/jobs/{jobId}");
        double expected = done["duration_seconds"]!.GetValue<double>();
        double played = await PlayFullVideoAsync(page);
        Assert.InRange(played, expected - 0.1, expected + 0.1);
        await Expect(page.GetByTestId("full-video-facts")).ToContainTextAsync("3 clips");
        bool inView = await page.GetByTestId("full-video").EvaluateAsync<bool>("e => { const r = e.getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; }");
        Assert.True(inView, "the full video was not scrolled into view when it was done");
        await BrowserFixture.ScreenshotAsync(page, "job-page-done");
        await page.Context.CloseAsync();
    }
}
