using Microsoft.Playwright;
using MusicVideo.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MusicVideo.Web.Tests.Infrastructure.PageSteps;

namespace MusicVideo.Web.Tests;

/// <summary>axe-core finds no serious or critical violation on any page, in its empty, busy and finished states.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    [Fact]
    public async Task EveryPage_HasNoSeriousOrCriticalAxeViolations()
    {
        var server = browser.Server;
        string done = await server.StartJobAsync(JobRequest("a paper boat on a flooded street"));
        var page = await browser.NewPageAsync(server.BaseUrl);

        await page.GotoAsync("/");
        await Expect(page.GetByLabel("Director style").Locator("option")).ToHaveCountAsync(10);
        await AssertNoSeriousAxeViolationsAsync(page, "create page");
        await FillCreateFormAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate references" }).ClickAsync();
        await Expect(page.Locator(".reference[data-state=ready]")).ToHaveCountAsync(4, Long);
        await page.GetByText("Generated image 1").ClickAsync();
        await AssertNoSeriousAxeViolationsAsync(page, "create page with references");

        await page.GotoAsync($"/jobs/{done}");
        await Expect(page.GetByTestId("scene-card").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await AssertNoSeriousAxeViolationsAsync(page, "job page while running");
        await WaitForJobPageStatusAsync(page, "Completed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show input" }).ClickAsync();
        await SceneCard(page, 1).GetByText("Negative prompt").ClickAsync();
        await AssertNoSeriousAxeViolationsAsync(page, "finished job page");
        await SceneCard(page, 1).GetByRole(AriaRole.Button, new() { Name = "Edit scene 1" }).ClickAsync();
        await AssertNoSeriousAxeViolationsAsync(page, "job page editing a prompt");

        await page.GotoAsync("/jobs");
        await Expect(page.GetByTestId("job-row").First).ToBeVisibleAsync();
        // Newest first: the job started last is on top.
        string[] rows = await page.GetByTestId("job-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.jobId)");
        Assert.Equal(done, rows[0]);
        await AssertNoSeriousAxeViolationsAsync(page, "jobs page");
        await BrowserFixture.ScreenshotAsync(page, "jobs-page");

        await page.GotoAsync("/operations");
        await Expect(page.GetByTestId("instance-row").First).ToBeVisibleAsync();
        await AssertNoSeriousAxeViolationsAsync(page, "operations page");
        await page.GotoAsync($"/operations/{done}");
        await Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("Completed");
        await AssertNoSeriousAxeViolationsAsync(page, "operations instance page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restart" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await AssertNoSeriousAxeViolationsAsync(page, "operations confirmation dialog");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Restart" })).ToBeFocusedAsync();

        await page.GotoAsync("/no/such/page");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await AssertNoSeriousAxeViolationsAsync(page, "not-found page");
        await page.Context.CloseAsync();
    }
}
