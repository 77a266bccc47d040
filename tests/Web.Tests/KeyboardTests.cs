using Microsoft.Playwright;
using MusicVideo.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MusicVideo.Web.Tests.Infrastructure.PageSteps;

namespace MusicVideo.Web.Tests;

/// <summary>The create → job flow works with the keyboard alone (Tab, typing, Space, arrows, Enter; no clicks).</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(BrowserFixture browser)
{
    [Fact]
    public async Task KeyboardOnly_FillGenerateSelectAndStart_ReachesTheJobPageWithTheSelectedReference()
    {
        var server = browser.Server;
        var page = await browser.NewPageAsync(server.BaseUrl);
        await page.GotoAsync("/");
        var keyboard = page.Keyboard;

        await Expect(page.GetByLabel("Director style").Locator("option")).ToHaveCountAsync(10);

        // The skip link is the page's first stop (one more press when the browser still holds the focus itself).
        await TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" }), maxPresses: 2);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('a, button, input, select, textarea')].indexOf(document.activeElement)"));

        await TabToAsync(page, page.GetByLabel("Idea"));
        await keyboard.TypeAsync(Idea);
        await keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Character & style")).ToBeFocusedAsync();
        await keyboard.TypeAsync(Character);
        await TabToAsync(page, page.GetByLabel("Number of scenes"));
        await keyboard.PressAsync("Control+A");
        await keyboard.TypeAsync("2");
        await TabToAsync(page, page.GetByLabel("Images", new() { Exact = true }));
        await keyboard.PressAsync("ArrowUp"); // 4 → 3 on a focused, closed select
        await Expect(page.GetByLabel("Images", new() { Exact = true })).ToHaveValueAsync("3");

        await keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Generate references" })).ToBeFocusedAsync();
        await keyboard.PressAsync("Enter");
        await Expect(page.Locator(".reference[data-state=ready]")).ToHaveCountAsync(3, Long);

        // Into the radio group: Space selects the focused image, an arrow key moves the selection.
        var radios = page.Locator(".reference input[type=radio]");
        await TabToAsync(page, radios.First);
        await keyboard.PressAsync("Space");
        await Expect(radios.First).ToBeCheckedAsync();
        await keyboard.PressAsync("ArrowRight");
        await Expect(radios.Nth(1)).ToBeCheckedAsync();
        await Expect(page.Locator(".reference.selected")).ToHaveCountAsync(1);
        string? selected = await page.Locator(".reference.selected").GetAttributeAsync("data-image-id");

        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Quick Job" }));
        await keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/jobs/[0-9a-f]+$"), new() { Timeout = 30_000 });
        string id = JobId(page);
        var input = await server.GetJsonAsync($"/runtime/webhooks/durabletask/instances/{id}");
        Assert.Equal(selected, Field(input["input"], "character_reference_id")?.GetValue<string>());
        Assert.Equal(2, Field(input["input"], "scene_count")?.GetValue<int>());

        // On the job page the input card toggles from the keyboard too.
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Show input" });
        await Expect(toggle).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await TabToAsync(page, toggle);
        await keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hide input" })).ToHaveAttributeAsync("aria-expanded", "true");
        await WaitForJobPageStatusAsync(page, "Completed");
        await page.Context.CloseAsync();
    }
}
