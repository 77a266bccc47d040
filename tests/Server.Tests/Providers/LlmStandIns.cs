using MusicVideo.ProviderStandIns;

namespace MusicVideo.Server.Tests.Providers;

/// <summary>The Gemini and the OpenAI chat stand-ins of one test class, and the server settings that point at them.</summary>
sealed class LlmStandIns : IAsyncDisposable
{
    /// <summary>The model the OpenAI-compatible settings name.</summary>
    public const string OpenAIModel = "llama-3.1-8b-instruct";

    /// <summary>Gets the Gemini stand-in (scenes with generateContent, clips with Veo).</summary>
    public GeminiStandIn Gemini { get; } = new();

    /// <summary>Gets the OpenAI chat-completions stand-in.</summary>
    public OpenAIStandIn OpenAI { get; } = new();

    /// <summary>Starts both stand-ins.</summary>
    public async Task StartAsync()
    {
        await Gemini.StartAsync();
        await OpenAI.StartAsync();
    }

    /// <summary>Settings that choose the scene and video providers, with the keys and addresses of both stand-ins.</summary>
    public Dictionary<string, string> Settings(string sceneProvider, string videoProvider) => new()
    {
        ["SCENE_PROVIDER"] = sceneProvider,
        ["VIDEO_PROVIDER"] = videoProvider,
        ["GEMINI_API_KEY"] = GeminiStandIn.DefaultApiKey,
        ["GEMINI_BASE_URL"] = Gemini.BaseUrl.ToString(),
        ["VEO_POLL_SECONDS"] = "0.2",
        ["OPENAI_BASE_URL"] = new Uri(OpenAI.BaseUrl, "v1").ToString(),
        ["OPENAI_API_KEY"] = OpenAIStandIn.DefaultApiKey,
        ["OPENAI_MODEL"] = OpenAIModel,
        ["MV_CLIP_RETRY_DELAY_SECONDS"] = "0.2",
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Gemini.DisposeAsync();
        await OpenAI.DisposeAsync();
    }
}
