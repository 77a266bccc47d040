using System.Text.Json.Nodes;
using MusicVideo.Core.Providers.Replicate;

namespace MusicVideo.Core.Tests.Providers.Replicate;

/// <summary>Cost of a prediction from its metrics and the price table.</summary>
public sealed class ReplicatePriceTableTests
{
    [Fact]
    public void Veo31_IsPricedPerSecondOfVideo_WithAndWithoutAudio_AndFailedOutputsAreFree()
    {
        var succeeded = new ReplicatePrediction { Id = "a", Status = "succeeded", Output = JsonValue.Create("https://x/0.mp4") };
        Assert.Equal(3.20m, ReplicatePriceTable.Default.CostOf("google/veo-3.1", succeeded, 8, audio: true));
        Assert.Equal(1.60m, ReplicatePriceTable.Default.CostOf("google/veo-3.1", succeeded, 8, audio: false));
        Assert.Equal(0m, ReplicatePriceTable.Default.CostOf("google/veo-3.1", succeeded with { Status = "failed" }, 8));
        Assert.Equal(0.04m, ReplicatePriceTable.Default.CostOf("google/imagen-4", succeeded));
        Assert.Equal(0m, ReplicatePriceTable.Default.CostOf("someone/unpriced", succeeded, 8));
    }

    [Fact]
    public void PredictTimePricing_ChargesFailedPredictionsToo()
    {
        var table = new ReplicatePriceTable(new Dictionary<string, ReplicatePrice> { ["a/b"] = new() { PerPredictSecond = 0.001525m } });
        var failed = new ReplicatePrediction { Id = "a", Status = "failed", Metrics = new ReplicateMetrics(PredictTime: 10) };
        Assert.Equal(0.01525m, table.CostOf("a/b:0123abcd", failed));
    }
}
