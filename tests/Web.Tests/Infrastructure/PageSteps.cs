using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MusicVideo.Web.Tests.Infrastructure;

/// <summary>Steps several browser tests share: the create form, following a job page, the full video, layout and axe checks.</summary>
static class PageSteps
{
    public const string Idea = "a midnight drive through a neon city";
    public const string Character = "a fox in a red bomber jacket with silver headphones";

    public static readonly LocatorAssertionsToHaveCountOptions Long = new() { Timeout = 120_000 };

    /// <summary>A quick job started through the API: 3 scenes of 4 s.</summary>
    public static object JobRequest(string idea = Idea, int scenes = 3) =>
        new { idea, character_description = Character, number_of_scenes = scenes, clip_duration = 4, aspect_ratio = "16:9" };

    public static async Task FillCreateFormAsync(IPage page, int scenes = 3)
    {
        await page.GetByLabel("Idea").FillAsync(Idea);
        await page.GetByLabel("Character & style").FillAsync(Character);
        await page.GetByLabel("Number of scenes").FillAsync(scenes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Clip duration").SelectOptionAsync("4");
    }

    public static ILocator SceneCard(IPage page, int scene) => page.Locator($"[data-testid=scene-card][data-scene='{scene}']");

    /// <summary>The job id of the job page the browser is on.</summary>
    public static string JobId(IPage page) => new Uri(page.Url).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["jobs", var id] ? Uri.UnescapeDataString(id) : throw new InvalidOperationException("not on a job page: " + page.Url);

    /// <summary>Waits until the page has moved from job <paramref name="from"/> to the page of a new cut of it and shows that cut.</summary>
    /// <remarks>The URL changes a frame before the new page renders, so the old page's status would still be read; the cut's own
    /// "A new cut of job …" line only appears once the new job is shown.</remarks>
    public static async Task FollowsNewCutAsync(IPage page, string from)
    {
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/jobs/(?!{from}$)[0-9a-f]+$"), new() { Timeout = 30_000 });
        await Expect(page.GetByText($"A new cut of job {from}", new() { Exact = false })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    public static async Task WaitForJobPageStatusAsync(IPage page, string status) =>
        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync(status, new() { Timeout = 120_000 });

    /// <summary>The video ids the job page shows per scene (empty for scenes without a clip), in scene order.</summary>
    public static async Task<IReadOnlyList<string>> ShownClipIdsAsync(IPage page) =>
        await page.Locator("[data-testid=scene-card]").EvaluateAllAsync<string[]>(
            "cards => cards.map(c => c.querySelector('[data-testid=clip-facts]')?.dataset.videoId ?? '')");

    /// <summary>Waits until the full video element can play (readyState ≥ 2), plays it and returns its duration.</summary>
    public static async Task<double> PlayFullVideoAsync(IPage page)
    {
        var video = page.GetByTestId("full-video-player");
        await Expect(video).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => { const v = document.querySelector('[data-testid=full-video-player]'); return !!v && v.readyState >= 2; }", null, new() { Timeout = 30_000 });
        double duration = await video.EvaluateAsync<double>("v => v.duration");
        await video.EvaluateAsync("v => { v.muted = true; return v.play(); }");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=full-video-player]').currentTime > 0.3", null, new() { Timeout = 15_000 });
        return duration;
    }

    /// <summary>Presses Tab until <paramref name="target"/> has the focus (keyboard-only navigation).</summary>
    public static async Task TabToAsync(IPage page, ILocator target, int maxPresses = 80)
    {
        for (int i = 0; i < maxPresses; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        string focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'");
        throw new Xunit.Sdk.XunitException($"{maxPresses} Tab presses did not reach the target; focus is on {focused}");
    }

    /// <summary>Fails when the page scrolls sideways (content wider than the viewport).</summary>
    public static async Task AssertNoHorizontalOverflowAsync(IPage page, string what)
    {
        int[] sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (sizes[0], sizes[1]);
        Assert.True(scroll <= client, $"{what}: the page is {scroll}px wide in a {client}px viewport");
    }

    /// <summary>Runs axe-core and fails on any serious or critical violation, naming rule, help and elements.</summary>
    public static async Task AssertNoSeriousAxeViolationsAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{what}: axe found " + string.Join("; ", bad.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    public static string Str(JsonNode? node, string name) => node?[name]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"no '{name}' in {node?.ToJsonString()}");

    /// <summary>A field of the workflow JSON by its snake_case or camelCase name.</summary>
    public static JsonNode? Field(JsonNode? node, string snake)
    {
        if (node?[snake] is { } value)
        {
            return value;
        }

        string camel = string.Concat(snake.Split('_').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        return node?[camel];
    }
}
