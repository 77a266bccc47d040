using Microsoft.Playwright;
using MusicVideo.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MusicVideo.Web.Tests.Infrastructure.PageSteps;

namespace MusicVideo.Web.Tests;

/// <summary>With MV_API_KEYS the UI asks for a key once, sends it as X-API-Key (never in a URL), and media still plays.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiKeyTests(BrowserFixture browser)
{
    const string Key = "web-test-key-7f3a";

    [Fact]
    public async Task ServerWithApiKeys_UiAsksOnceSendsTheHeaderAndPlaysMediaWithoutTheKeyInAnyUrl()
    {
        await using var server = await UiServer.StartAsync(new Dictionary<string, string> { ["MV_API_KEYS"] = "other-key," + Key });
        server.Http.DefaultRequestHeaders.Add("X-API-Key", Key);
        var page = await browser.NewPageAsync(server.BaseUrl);
        var urls = new List<string>();
        var apiHeaders = new List<string?>();
        page.Request += (_, request) =>
        {
            lock (urls)
            {
                urls.Add(request.Url);
                if (request.Url.Contains("/api/", StringComparison.Ordinal) || request.Url.Contains("/runtime/", StringComparison.Ordinal))
                {
                    apiHeaders.Add(request.Headers.GetValueOrDefault("x-api-key"));
                }
            }
        };

        // The first API call (the director styles) is refused; the dialog asks; a wrong key is asked again.
        await page.GotoAsync("/");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "API key needed" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("API key")).ToBeFocusedAsync();
        await dialog.GetByLabel("API key").FillAsync("wrong");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("was not accepted");
        await dialog.GetByLabel("API key").FillAsync(Key);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByLabel("Director style").Locator("option")).ToHaveCountAsync(10);

        // A whole job with the key: references load, the job page polls, the clips and the full video play.
        await FillCreateFormAsync(page, scenes: 2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate references" }).ClickAsync();
        await Expect(page.Locator(".reference[data-state=ready]")).ToHaveCountAsync(4, Long);
        await page.GetByText("Generated image 3").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate Videos" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/jobs/[0-9a-f]+$"), new() { Timeout = 30_000 });
        await WaitForJobPageStatusAsync(page, "Completed");
        var view = await server.GetJsonAsync($"/api/mv/jobs/{JobId(page)}");
        double duration = await PlayFullVideoAsync(page);
        Assert.InRange(duration, view["duration_seconds"]!.GetValue<double>() - 0.1, view["duration_seconds"]!.GetValue<double>() + 0.1);
        string src = await page.GetByTestId("full-video-player").GetAttributeAsync("src") ?? string.Empty;
        Assert.StartsWith("blob:", src, StringComparison.Ordinal);

        // Asked once: a reload (and other pages) reuse the key without asking.
        await page.GotoAsync("/jobs");
        await Expect(page.GetByTestId("job-row")).ToHaveCountAsync(1);
        await Expect(dialog).ToBeHiddenAsync();

        lock (urls)
        {
            Assert.DoesNotContain(urls, u => u.Contains(Key, StringComparison.Ordinal) || u.Contains("api_key", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(apiHeaders, h => h == Key);
        }

        // Forgetting the key asks again on the next call.
        await page.GetByRole(AriaRole.Button, new() { Name = "Forget API key" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
