using MusicVideo.Core.Providers;

namespace MusicVideo.Core.Tests.Providers.Gemini;

public sealed class ProviderChoiceTests
{
    static ProvidersOptions Read(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return ProvidersOptions.FromVariables(name => map.GetValueOrDefault(name));
    }

    [Theory]
    [InlineData("SCENE_PROVIDER", "gemini", "GEMINI_API_KEY")]
    [InlineData("VIDEO_PROVIDER", "veo", "GEMINI_API_KEY")]
    [InlineData("SCENE_PROVIDER", "openai", "OPENAI_API_KEY")]
    public void A_chosen_provider_without_its_key_names_the_variable(string step, string provider, string variable)
    {
        var ex = Assert.Throws<ProviderSettingsException>(() => Read((step, provider)));
        Assert.StartsWith(variable + " is not set", ex.Message);
    }

    [Fact]
    public void Gemini_and_OpenAI_settings_are_read_only_when_chosen()
    {
        var local = Read(("VEO_RESOLUTION", "nonsense"));
        Assert.Null(local.Gemini);
        Assert.Null(local.OpenAI);

        var chosen = Read(
            ("SCENE_PROVIDER", "openai"), ("OPENAI_BASE_URL", "http://127.0.0.1:1234/v1"), ("OPENAI_MODEL", "qwen2.5"),
            ("VIDEO_PROVIDER", "veo"), ("GEMINI_API_KEY", "k"), ("VEO_MODEL", "veo-3.1-generate-preview"), ("VEO_POLL_SECONDS", "2"));
        Assert.Equal("qwen2.5", chosen.OpenAI!.Model);
        Assert.Null(chosen.OpenAI.ApiKey);
        Assert.Equal("veo-3.1-generate-preview", chosen.Gemini!.VeoModel);
        Assert.Equal(TimeSpan.FromSeconds(2), chosen.Gemini.VeoPollInterval);

        var bad = Assert.Throws<ProviderSettingsException>(() => Read(("VIDEO_PROVIDER", "veo"), ("GEMINI_API_KEY", "k"), ("VEO_POLL_SECONDS", "soon")));
        Assert.Contains("VEO_POLL_SECONDS", bad.Message);
    }
}
