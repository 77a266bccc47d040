using MusicVideo.Core.Providers;

namespace MusicVideo.Core.Tests.Providers;

/// <summary>Provider choice by configuration: local by default, a chosen provider without its key stops start-up naming the variable.</summary>
public sealed class ProvidersOptionsTests
{
    static ProvidersOptions Read(Dictionary<string, string> variables) => ProvidersOptions.FromVariables(n => variables.GetValueOrDefault(n));

    [Fact]
    public void NoSettings_AreLocalEverywhere()
    {
        var options = Read([]);
        Assert.Equal(("local", "local", "local"), (options.Scene, options.Image, options.Video));
        Assert.False(options.Replicate.WebhooksEnabled);
    }

    [Theory]
    [InlineData("VIDEO_PROVIDER", "replicate", "REPLICATE_API_TOKEN")]
    [InlineData("IMAGE_PROVIDER", "replicate", "REPLICATE_API_TOKEN")]
    [InlineData("VIDEO_PROVIDER", "veo", "GEMINI_API_KEY")]
    [InlineData("SCENE_PROVIDER", "gemini", "GEMINI_API_KEY")]
    [InlineData("SCENE_PROVIDER", "openai", "OPENAI_API_KEY")]
    public void ChosenProvider_WithoutItsKey_NamesTheVariable(string step, string provider, string variable)
    {
        var error = Assert.Throws<ProviderSettingsException>(() => Read(new() { [step] = provider }));
        Assert.StartsWith(variable + " is not set", error.Message);
        Assert.Contains($"{step}={provider}", error.Message);
    }

    [Fact]
    public void UnknownProvider_ListsTheChoices()
    {
        var error = Assert.Throws<ProviderSettingsException>(() => Read(new() { ["VIDEO_PROVIDER"] = "sora" }));
        Assert.Equal("VIDEO_PROVIDER must be one of local, replicate, veo; got 'sora'.", error.Message);
    }

    [Fact]
    public void ReplicateSettings_AreRead_AndWebhooksNeedTheSecret()
    {
        var options = Read(new()
        {
            ["VIDEO_PROVIDER"] = "Replicate",
            ["REPLICATE_API_KEY"] = "r8_seedname",
            ["REPLICATE_VIDEO_MODEL"] = "bytedance/seedance-1-lite",
            ["REPLICATE_POLL_SECONDS"] = "12",
        });
        Assert.Equal("replicate", options.Video);
        Assert.Equal("r8_seedname", options.Replicate.ApiToken);
        Assert.Equal("bytedance/seedance-1-lite", options.Replicate.VideoModel);
        Assert.Equal(TimeSpan.FromSeconds(12), options.Replicate.PollInterval);

        var error = Assert.Throws<ProviderSettingsException>(() => Read(new()
        {
            ["VIDEO_PROVIDER"] = "replicate", ["REPLICATE_API_TOKEN"] = "r8_x", ["MV_PUBLIC_BASE_URL"] = "https://mv.example.com",
        }));
        Assert.StartsWith("REPLICATE_WEBHOOK_SECRET is not set", error.Message);
        var on = Read(new()
        {
            ["VIDEO_PROVIDER"] = "replicate", ["REPLICATE_API_TOKEN"] = "r8_x", ["MV_PUBLIC_BASE_URL"] = "https://mv.example.com", ["REPLICATE_WEBHOOK_SECRET"] = "whsec_abc",
        });
        Assert.True(on.Replicate.WebhooksEnabled);
    }

    [Theory]
    [InlineData("REPLICATE_POLL_SECONDS", "0.1")]
    [InlineData("REPLICATE_VIDEO_MODEL", "veo")]
    [InlineData("REPLICATE_API_BASE_URL", "ftp://x")]
    public void BadValues_NameTheVariable(string variable, string value)
    {
        var error = Assert.Throws<ProviderSettingsException>(() => Read(new() { ["VIDEO_PROVIDER"] = "replicate", ["REPLICATE_API_TOKEN"] = "r8_x", [variable] = value }));
        Assert.StartsWith(variable + " must be", error.Message);
    }
}
