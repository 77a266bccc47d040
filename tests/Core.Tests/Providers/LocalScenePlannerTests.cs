using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;

namespace MusicVideo.Core.Tests.Providers;

public sealed class LocalScenePlannerTests
{
    const string Character = "Mara, a singer with a shaved head, gold hoop earrings and a white leather jacket";
    readonly LocalScenePlanner _planner = new();

    [Fact]
    public async Task Same_seed_gives_the_same_plan_and_other_seeds_differ()
    {
        var request = new ScenePlanRequest("A breakup song set in a city that never sleeps", Character, Seed: 11);
        var a = await _planner.PlanScenesAsync(request);
        var b = await _planner.PlanScenesAsync(request);
        var c = await _planner.PlanScenesAsync(request with { Seed = 12 });
        Assert.Equal(a.Scenes, b.Scenes);
        Assert.NotEqual(a.Scenes.Select(s => s.Description), c.Scenes.Select(s => s.Description));

        var unseeded1 = await _planner.PlanScenesAsync(request with { Seed = null });
        var unseeded2 = await _planner.PlanScenesAsync(request with { Seed = null });
        Assert.Equal(unseeded1.Scenes, unseeded2.Scenes);
    }

    [Fact]
    public async Task Default_count_is_four_and_every_count_from_1_to_12_is_honoured()
    {
        var plan = await _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character));
        Assert.Equal(4, plan.Scenes.Count);
        for (var n = 1; n <= 12; n++)
        {
            foreach (var mode in ScenePlanModes.All)
            {
                var p = await _planner.PlanScenesAsync(new ScenePlanRequest("A summer anthem about freedom", Character, n, mode, Seed: n));
                Assert.Equal(n, p.Scenes.Count);
                Assert.Equal(Enumerable.Range(1, n), p.Scenes.Select(s => s.Sequence));
                Assert.All(p.Scenes, s =>
                {
                    Assert.Contains(Character, s.Description);
                    Assert.InRange(s.Description.Length, 1, Scene.MaxDescriptionLength);
                    Assert.InRange(s.NegativeDescription.Length, 1, Scene.MaxNegativeDescriptionLength);
                });
                Assert.Equal(p.Scenes.Count, p.Scenes.Select(s => s.Description).Distinct().Count());
                if (n <= 10)
                {
                    Assert.Equal(n, p.Scenes.Select(s => s.ShotType).Distinct().Count());
                }

                for (var i = 1; i < p.Scenes.Count; i++)
                {
                    Assert.NotEqual(p.Scenes[i - 1].ShotType, p.Scenes[i].ShotType);
                }
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(-1)]
    public async Task Out_of_range_counts_are_rejected_with_the_allowed_range(int count)
    {
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character, count)));
        Assert.Contains("between 1 and 12", ex.Message);
    }

    [Fact]
    public async Task All_nine_styles_and_both_modes_are_accepted_and_injected()
    {
        Assert.Equal(9, DirectorStyles.All.Count);
        Assert.Equal(
            ["David-Lynch", "Hype-Williams", "Mark-Romanek", "Michel-Gondry", "Product-Reveal-Commercial", "Quentin-Tarantino", "Spike-Jonze", "Tim-Burton", "Wes-Anderson"],
            DirectorStyles.Ids);
        foreach (var style in DirectorStyles.All)
        {
            foreach (var mode in ScenePlanModes.All)
            {
                var plan = await _planner.PlanScenesAsync(new ScenePlanRequest("A launch of a new sneaker", Character, 3, mode, style.Id, 5));
                Assert.Equal(style.Id, plan.DirectorStyle);
                Assert.Equal(mode, plan.Mode);
                Assert.All(plan.Scenes, s => Assert.Contains(style.SignatureStyle, s.Description));
            }
        }

        var lower = await _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character, DirectorStyle: "wes anderson", Mode: "Ad-Creative"));
        Assert.Equal("Wes-Anderson", lower.DirectorStyle);
        Assert.Equal(ScenePlanModes.AdCreative, lower.Mode);
        Assert.StartsWith("metadata:", lower.Scenes[0].Description);
    }

    [Fact]
    public async Task Unknown_mode_style_and_blank_inputs_are_rejected_naming_allowed_values()
    {
        var mode = await Assert.ThrowsAsync<ArgumentException>(() =>
            _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character, Mode: "documentary")));
        Assert.Contains("music-video, ad-creative", mode.Message);

        var style = await Assert.ThrowsAsync<ArgumentException>(() =>
            _planner.PlanScenesAsync(new ScenePlanRequest("idea", Character, DirectorStyle: "Michael-Bay")));
        Assert.Contains("Wes-Anderson", style.Message);

        await Assert.ThrowsAsync<ArgumentException>(() => _planner.PlanScenesAsync(new ScenePlanRequest(" ", Character)));
        await Assert.ThrowsAsync<ArgumentException>(() => _planner.PlanScenesAsync(new ScenePlanRequest("idea", "")));
    }

    [Fact]
    public async Task Long_inputs_stay_within_the_limits()
    {
        var longCharacter = new string('x', 1990);
        var plan = await _planner.PlanScenesAsync(new ScenePlanRequest(new string('y', 2000), longCharacter, 12, DirectorStyle: "Tim-Burton"));
        Assert.All(plan.Scenes, s =>
        {
            Assert.True(s.Description.Length <= Scene.MaxDescriptionLength);
            Assert.Contains(longCharacter, s.Description);
        });
    }
}
