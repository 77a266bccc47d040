using MusicVideo.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MusicVideo.Web.Tests.Infrastructure.PageSteps;

namespace MusicVideo.Web.Tests;

/// <summary>Scene cards put prompt and clip side by side on a desktop and stack them on a phone; nothing scrolls sideways.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(BrowserFixture browser)
{
    [Fact]
    public async Task PhoneViewport_CardsStackAndNoPageOverflowsHorizontally_DesktopPutsThemSideBySide()
    {
        var server = browser.Server;
        string id = await server.StartJobAsync(JobRequest("a skateboard session in the rain"));
        await server.WaitForJobEndAsync(id);

        var phone = await browser.NewPageAsync(server.BaseUrl, 390, 844);
        await phone.GotoAsync($"/jobs/{id}");
        await WaitForJobPageStatusAsync(phone, "Completed");
        await Expect(phone.GetByTestId("clip-player")).ToHaveCountAsync(3);
        foreach (var (text, clip) in await BoxesAsync(phone))
        {
            Assert.True(clip.Top >= text.Bottom - 1, $"on a phone the clip (top {clip.Top}) should sit below the prompt (bottom {text.Bottom})");
        }

        await AssertNoHorizontalOverflowAsync(phone, "job page at 390 px");
        await BrowserFixture.ScreenshotAsync(phone, "job-page-phone");
        foreach (string path in new[] { "/", "/jobs", "/operations", $"/operations/{id}" })
        {
            await phone.GotoAsync(path);
            await phone.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
            await AssertNoHorizontalOverflowAsync(phone, $"{path} at 390 px");
        }

        await BrowserFixture.ScreenshotAsync(phone, "operations-instance-phone");
        await phone.Context.CloseAsync();

        var desktop = await browser.NewPageAsync(server.BaseUrl);
        await desktop.GotoAsync($"/jobs/{id}");
        await WaitForJobPageStatusAsync(desktop, "Completed");
        foreach (var (text, clip) in await BoxesAsync(desktop))
        {
            Assert.True(clip.Left >= text.Right - 1 && Math.Abs(clip.Top - text.Top) < 2, $"on a desktop the clip ({clip}) should sit beside the prompt ({text})");
        }

        await desktop.Context.CloseAsync();
    }

    sealed record Box(double Left, double Top, double Right, double Bottom);

    static async Task<IReadOnlyList<(Box Text, Box Clip)>> BoxesAsync(Microsoft.Playwright.IPage page)
    {
        double[][] boxes = await page.Locator("[data-testid=scene-card]").EvaluateAllAsync<double[][]>(
            "cards => cards.map(c => { const t = c.querySelector('.scene-text').getBoundingClientRect(); const v = c.querySelector('.scene-clip').getBoundingClientRect(); return [t.left, t.top, t.right, t.bottom, v.left, v.top, v.right, v.bottom]; })");
        Assert.Equal(3, boxes.Length);
        return boxes.Select(b => (new Box(b[0], b[1], b[2], b[3]), new Box(b[4], b[5], b[6], b[7]))).ToList();
    }
}
