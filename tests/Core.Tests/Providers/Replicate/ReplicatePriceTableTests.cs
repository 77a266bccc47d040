using System.Text.Json.Nodes;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Replicate;
using MusicVideo.Core.Tests.TestSupport;

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

    [Fact]
    public void ImageModels_ArePricedByTheImagesTheirMetricsReport()
    {
        var prediction = new ReplicatePrediction
        {
            Id = "i", Status = "succeeded", Output = JsonValue.Create("https://x/0.png"), Metrics = new ReplicateMetrics(PredictTime: 3, ImageCount: 2),
        };
        Assert.Equal(0.08m, ReplicatePriceTable.Default.CostOf("google/imagen-4", prediction));
    }

    [Fact]
    public void FromFile_ReadsPricesPerModel()
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "prices.json");
        File.WriteAllText(file, """{"google/veo-3.1": {"per_video_second": 0.5}, "google/imagen-4": {"per_output": 0.05}}""");
        var table = ReplicatePriceTable.FromFile(file);
        var succeeded = new ReplicatePrediction { Id = "a", Status = "succeeded", Output = JsonValue.Create("https://x/0.mp4") };
        Assert.Equal(4.0m, table.CostOf("google/veo-3.1", succeeded, 8));
        Assert.Equal(0.05m, table.CostOf("google/imagen-4", succeeded));
    }

    [Theory]
    [InlineData(null, "does not exist")]
    [InlineData("{\"google/veo-3.1\": {\"per_video_second\": \"a lot\"}}", "is not a JSON object of prices per model")]
    [InlineData("[1, 2]", "is not a JSON object of prices per model")]
    [InlineData("{\"google/veo-3.1\": null}", "the price of 'google/veo-3.1' is null")]
    [InlineData("{\"google/veo-3.1\": {\"per_output\": -0.1}}", "has a negative number")]
    public void FromFile_WithABadFile_FailsNamingTheVariableInWords(string? content, string expected)
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "prices.json");
        if (content is not null)
        {
            File.WriteAllText(file, content);
        }

        var error = Assert.Throws<ProviderSettingsException>(() => ReplicatePriceTable.FromFile(file));
        Assert.StartsWith("REPLICATE_PRICES_FILE", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
    }
}
