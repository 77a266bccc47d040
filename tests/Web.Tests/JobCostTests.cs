using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using MusicVideo.ProviderStandIns;
using MusicVideo.ProviderStandIns.Replicate;
using MusicVideo.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MusicVideo.Web.Tests.Infrastructure.PageSteps;

namespace MusicVideo.Web.Tests;

/// <summary>
/// The job page shows what the providers cost, as the job's JSON says: the total, the plan, each scene's clip and the character
/// reference beside the total — on a real server against the Gemini (scenes) and Replicate (reference, clips) stand-ins.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JobCostTests(BrowserFixture browser)
{
    [Fact]
    public async Task JobPage_ShowsThePlanEachClipAndTheReferenceCost_TheFiguresOfTheJobsJson_AndNoReferenceCostWithoutOne()
    {
        await using var gemini = new GeminiStandIn();
        await gemini.StartAsync();
        // Billed predict times differ per scene (by seed), so a figure shown on the wrong card would not match.
        await using var replicate = new ReplicateStandIn
        {
            Latency = TimeSpan.FromSeconds(1),
            PredictTime = p => p.Model == "google/veo-3.1" ? 40 + p.Input["seed"]!.GetValue<int>() : 3,
        };
        await replicate.StartAsync();
        string prices = Path.Combine(Path.GetTempPath(), $"mv-web-prices-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(prices, """{"google/veo-3.1": {"per_predict_second": 0.0125}, "google/imagen-4": {"per_output": 0.04}}""");
        try
        {
            await using var server = await UiServer.StartAsync(new Dictionary<string, string>
            {
                ["SCENE_PROVIDER"] = "gemini",
                ["GEMINI_API_KEY"] = GeminiStandIn.DefaultApiKey,
                ["GEMINI_BASE_URL"] = gemini.BaseUrl.ToString(),
                ["IMAGE_PROVIDER"] = "replicate",
                ["VIDEO_PROVIDER"] = "replicate",
                ["REPLICATE_API_TOKEN"] = replicate.ApiToken,
                ["REPLICATE_API_BASE_URL"] = replicate.BaseUrl.ToString(),
                ["REPLICATE_POLL_SECONDS"] = "1",
                ["REPLICATE_PRICES_FILE"] = prices,
            });

            // A reference generated here, then a job with it; the first Gemini answer is malformed, so the plan costs two calls.
            using var refResponse = await server.Http.PostAsync(
                "/api/mv/generate_character_reference",
                new StringContent(JsonSerializer.Serialize(new { character_description = Character, num_images = 1, seed = 3 }), Encoding.UTF8, "application/json"));
            string refText = await refResponse.Content.ReadAsStringAsync();
            Assert.True(refResponse.StatusCode == HttpStatusCode.OK, refText);
            string referenceId = Str(JsonNode.Parse(refText)!["images"]![0], "id");
            gemini.AnswerMalformed(1);
            string id = await server.StartJobAsync(new
            {
                idea = Idea,
                character_description = Character,
                character_reference_id = referenceId,
                number_of_scenes = 2,
                clip_duration = 8,
                seed = 5,
            });

            var page = await browser.NewPageAsync(server.BaseUrl);
            await page.GotoAsync($"/jobs/{id}");
            await WaitForJobPageStatusAsync(page, "Completed");
            var job = await server.GetJsonAsync($"/api/mv/jobs/{id}");
            Assert.Equal("Completed", Str(job, "status"));

            // The figures are real: the stand-ins billed them, and the page shows exactly the JSON's.
            decimal total = Usd(job, "cost_usd");
            decimal plan = Usd(job, "plan_cost_usd");
            decimal reference = Usd(job, "character_reference_cost_usd");
            var scenes = job["scenes"]!.AsArray().Select(s => s!).ToList();
            Assert.Equal(2, gemini.UsageReported.Count);
            Assert.True(plan > 0, job.ToJsonString());
            Assert.Equal(0.04m, reference);
            Assert.All(scenes, s => Assert.True(Usd(s, "cost_usd") > 0, s.ToJsonString()));
            Assert.Equal(plan + scenes.Sum(s => Usd(s, "cost_usd")), total);

            var costs = page.GetByRole(AriaRole.Group, new() { Name = "Provider cost" });
            await Expect(costs.GetByTestId("cost-total")).ToHaveTextAsync(Shown(total));
            await Expect(costs.GetByTestId("cost-plan")).ToHaveTextAsync(Shown(plan));
            await Expect(costs.GetByTestId("cost-clips")).ToHaveTextAsync(Shown(total - plan));
            await Expect(costs.GetByTestId("cost-reference")).ToHaveTextAsync(Shown(reference));
            await Expect(costs.GetByTestId("cost-reference-note")).ToContainTextAsync("not part of the provider cost above");
            foreach (var scene in scenes)
            {
                int number = scene["index"]!.GetValue<int>() + 1;
                await Expect(SceneCard(page, number).GetByTestId("scene-cost-usd")).ToHaveTextAsync(Shown(Usd(scene, "cost_usd")));
            }

            await AssertNoHorizontalOverflowAsync(page, "job page with costs");
            await AssertNoSeriousAxeViolationsAsync(page, "job page with costs");
            await BrowserFixture.ScreenshotAsync(page, "job-page-costs");

            // A job without a character reference has no reference cost in its JSON, and the page shows none (not "$0.00").
            string plain = await server.StartJobAsync(new { idea = Idea, character_description = Character, number_of_scenes = 1, clip_duration = 8, seed = 9 });
            await page.GotoAsync($"/jobs/{plain}");
            await WaitForJobPageStatusAsync(page, "Completed");
            var plainJob = await server.GetJsonAsync($"/api/mv/jobs/{plain}");
            Assert.Null(plainJob["character_reference_cost_usd"]);
            await Expect(page.GetByTestId("cost-total")).ToHaveTextAsync(Shown(Usd(plainJob, "cost_usd")));
            await Expect(page.GetByTestId("cost-reference")).ToHaveCountAsync(0);
            await page.Context.CloseAsync();
        }
        finally
        {
            File.Delete(prices);
        }
    }

    static decimal Usd(JsonNode node, string name) =>
        node[name]?.GetValue<decimal>() ?? throw new Xunit.Sdk.XunitException($"no '{name}' in {node.ToJsonString()}");

    /// <summary>A figure as the page and the CLI write it: at least two decimals, at most six.</summary>
    static string Shown(decimal usd) => "$" + usd.ToString("0.00####", CultureInfo.InvariantCulture);
}
