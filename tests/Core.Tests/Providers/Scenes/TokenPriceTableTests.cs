using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Scenes;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Providers.Scenes;

/// <summary>The cost of LLM calls from their token usage and the token price table.</summary>
public sealed class TokenPriceTableTests
{
    [Fact]
    public void Gemini25Pro_IsPricedAtItsListPrice_WithTheLongPromptTierAbove200kTokens()
    {
        // 10,000 in × $1.25/M + 2,000 out × $10/M.
        Assert.Equal(0.0325m, TokenPriceTable.Default.CostOf("gemini-2.5-pro", new TokenUsage(10_000, 2_000)));
        Assert.Equal(0.0325m, TokenPriceTable.Default.CostOf("models/gemini-2.5-pro", new TokenUsage(10_000, 2_000)));
        // 300,000 in × $2.50/M + 2,000 out × $15/M.
        Assert.Equal(0.78m, TokenPriceTable.Default.CostOf("gemini-2.5-pro", new TokenUsage(300_000, 2_000)));
    }

    [Fact]
    public void AModelWithoutAPrice_CostsNothing()
    {
        Assert.Equal(0m, TokenPriceTable.Default.CostOf("llama-3.1-8b-instruct", new TokenUsage(10_000, 2_000)));
        Assert.Equal(0m, TokenPriceTable.Default.CostOf("gpt-4.1-mini", new TokenUsage(10_000, 2_000)));
    }

    [Fact]
    public void FromFile_ReadsPricesPerModel()
    {
        using var dir = new TempDirectory();
        string file = dir.File("prices.json");
        File.WriteAllText(file, """
            // OpenAI's list price of gpt-4.1-mini
            {"gpt-4.1-mini": {"input_per_million": 0.40, "output_per_million": 1.60}}
            """);
        var table = TokenPriceTable.FromFile(file);
        Assert.Equal(0.0072m, table.CostOf("gpt-4.1-mini", new TokenUsage(10_000, 2_000)));
        Assert.Equal(0m, table.CostOf("gemini-2.5-pro", new TokenUsage(10_000, 2_000)));
    }

    [Theory]
    [InlineData(null, "does not exist")]
    [InlineData("{\"gemini-2.5-pro\": {\"input_per_million\": true}}", "is not a JSON object of prices per model")]
    [InlineData("{\"gemini-2.5-pro\": {\"input_per_million\": 1.25,}", "is not a JSON object of prices per model")]
    [InlineData("{\"gemini-2.5-pro\": {\"output_per_million\": -10}}", "the price of 'gemini-2.5-pro' has a negative number")]
    public void FromFile_WithABadFile_FailsNamingTheVariableInWords(string? content, string expected)
    {
        using var dir = new TempDirectory();
        string file = dir.File("prices.json");
        if (content is not null)
        {
            File.WriteAllText(file, content);
        }

        var error = Assert.Throws<ProviderSettingsException>(() => TokenPriceTable.FromFile(file));
        Assert.StartsWith("SCENE_PRICES_FILE", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_NamesTheLineOfAJsonMistake()
    {
        using var dir = new TempDirectory();
        string file = dir.File("prices.json");
        File.WriteAllText(file, "{\n  \"gemini-2.5-pro\": {\"input_per_million\": \"cheap\"}\n}");
        var error = Assert.Throws<ProviderSettingsException>(() => TokenPriceTable.FromFile(file));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
