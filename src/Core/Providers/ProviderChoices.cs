namespace MusicVideo.Core.Providers;

/// <summary>The provider names accepted by <c>SCENE_PROVIDER</c>, <c>IMAGE_PROVIDER</c> and <c>VIDEO_PROVIDER</c>.</summary>
public static class ProviderChoices
{
    /// <summary>The offline ffmpeg providers (the default of every step).</summary>
    public const string Local = "local";

    /// <summary>Replicate predictions (images: <c>google/imagen-4</c>; clips: <c>google/veo-3.1</c>).</summary>
    public const string Replicate = "replicate";

    /// <summary>Gemini <c>generateContent</c> scenes.</summary>
    public const string Gemini = "gemini";

    /// <summary>An OpenAI-compatible chat endpoint for scenes.</summary>
    public const string OpenAI = "openai";

    /// <summary>Gemini Veo long-running clip operations.</summary>
    public const string Veo = "veo";

    /// <summary>The choices per step.</summary>
    public static IReadOnlyList<string> Scene { get; } = [Local, Gemini, OpenAI];

    /// <summary>The image (character reference) choices.</summary>
    public static IReadOnlyList<string> Image { get; } = [Local, Replicate];

    /// <summary>The clip choices.</summary>
    public static IReadOnlyList<string> Video { get; } = [Local, Replicate, Veo];
}
