namespace MusicVideo.Core.Providers;

/// <summary>Writes the scenes of a video from an idea and a character (local templates, Gemini, an OpenAI-compatible LLM …).</summary>
public abstract class ScenePlanner
{
    /// <summary>The provider name recorded in metadata.</summary>
    public abstract string Name { get; }

    /// <summary>Plans the scenes; invalid input throws <see cref="ArgumentException"/>, provider failures <see cref="ProviderException"/>.</summary>
    public abstract Task<ScenePlan> PlanScenesAsync(ScenePlanRequest request, CancellationToken cancellationToken = default);
}
