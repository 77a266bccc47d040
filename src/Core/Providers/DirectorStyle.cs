namespace MusicVideo.Core.Providers;

/// <summary>A director style config: the "Signature Style" line the seed injects into scene prompts, plus its structured fields.</summary>
/// <param name="Id">The config id as the seed names the file, e.g. <c>Wes-Anderson</c>.</param>
/// <param name="Name">The display name.</param>
/// <param name="SignatureStyle">The comma-separated aesthetic injected as creative direction.</param>
/// <param name="CameraMovements">Camera movements typical of the style; the local planner picks from these.</param>
/// <param name="Lighting">The lighting description.</param>
/// <param name="ColorGrading">The colour grading description.</param>
/// <param name="Mood">The mood.</param>
/// <param name="NegativePrompts">Things the style avoids, appended to negative descriptions.</param>
public sealed record DirectorStyle(
    string Id,
    string Name,
    string SignatureStyle,
    IReadOnlyList<string> CameraMovements,
    string Lighting,
    string ColorGrading,
    string Mood,
    IReadOnlyList<string> NegativePrompts);
