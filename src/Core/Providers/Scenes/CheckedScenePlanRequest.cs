namespace MusicVideo.Core.Providers.Scenes;

/// <summary>A <see cref="ScenePlanRequest"/> after its checks: trimmed texts, the scene count, the canonical mode and the style.</summary>
/// <param name="Idea">The trimmed idea.</param>
/// <param name="CharacterDescription">The trimmed character description.</param>
/// <param name="NumberOfScenes">The scene count (default applied).</param>
/// <param name="Mode">The canonical mode.</param>
/// <param name="Style">The director style, if any.</param>
/// <param name="AspectRatio">The aspect ratio.</param>
/// <param name="SceneDurationSeconds">The intended length of each scene.</param>
public sealed record CheckedScenePlanRequest(
    string Idea, string CharacterDescription, int NumberOfScenes, string Mode, DirectorStyle? Style, string AspectRatio, double SceneDurationSeconds)
{
    /// <summary>Checks a request; bad input throws <see cref="ArgumentException"/> with a message that says what to fix.</summary>
    public static CheckedScenePlanRequest From(ScenePlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var idea = RequireText(request.Idea, "idea");
        var character = RequireText(request.CharacterDescription, "character_description");
        var count = request.NumberOfScenes ?? ScenePlanRequest.DefaultNumberOfScenes;
        if (count is < ScenePlanRequest.MinNumberOfScenes or > ScenePlanRequest.MaxNumberOfScenes)
        {
            throw new ArgumentOutOfRangeException(
                nameof(request), count,
                $"number_of_scenes must be between {ScenePlanRequest.MinNumberOfScenes} and {ScenePlanRequest.MaxNumberOfScenes} " +
                $"(default {ScenePlanRequest.DefaultNumberOfScenes}); got {count}.");
        }

        if (request.SceneDurationSeconds is <= 0 or > 60)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.SceneDurationSeconds, "Scene duration must be between 0 and 60 seconds.");
        }

        var mode = ScenePlanModes.Normalise(request.Mode);
        var style = request.DirectorStyle is null ? null : DirectorStyles.Get(request.DirectorStyle);
        return new CheckedScenePlanRequest(idea, character, count, mode, style, AspectRatios.Validate(request.AspectRatio), request.SceneDurationSeconds);
    }

    static string RequireText(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be blank.", name);
        }

        var trimmed = value.Trim();
        return trimmed.Length <= ScenePlanRequest.MaxInputLength
            ? trimmed
            : throw new ArgumentException($"{name} is {trimmed.Length} characters; the limit is {ScenePlanRequest.MaxInputLength}.", name);
    }
}
