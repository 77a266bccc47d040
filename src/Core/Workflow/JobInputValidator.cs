using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow.Models;

namespace MusicVideo.Core.Workflow;

/// <summary>Checks a job request before it starts, with messages that say what to fix (field names as in the HTTP API).</summary>
public static class JobInputValidator
{
    /// <summary>Returns the first problem with the input, or null when it is valid.</summary>
    public static string? Validate(MusicVideoJobInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Text(input.Idea, "idea") ??
            Text(input.CharacterDescription, "character_description") ??
            (input.SceneCount is < ScenePlanRequest.MinNumberOfScenes or > ScenePlanRequest.MaxNumberOfScenes
                ? $"number_of_scenes must be between {ScenePlanRequest.MinNumberOfScenes} and {ScenePlanRequest.MaxNumberOfScenes}; got {input.SceneCount}."
                : null) ??
            (AspectRatios.IsValid(input.AspectRatio) ? null : $"aspect_ratio must be one of {string.Join(", ", AspectRatios.All)}; got '{input.AspectRatio}'.") ??
            (ClipRequest.AllowedDurations.Contains(input.ClipDurationSeconds)
                ? null
                : $"clip_duration must be one of {string.Join(", ", ClipRequest.AllowedDurations)} seconds; got {input.ClipDurationSeconds}.") ??
            (ScenePlanModes.All.Contains(input.Mode) ? null : $"mode must be one of {string.Join(", ", ScenePlanModes.All)}; got '{input.Mode}'.") ??
            (input.DirectorStyle is null || DirectorStyles.TryGet(input.DirectorStyle, out _)
                ? null
                : $"director_style must be one of {string.Join(", ", DirectorStyles.Ids)}; got '{input.DirectorStyle}'.") ??
            (input.Scenes is { Count: var written } && (written < ScenePlanRequest.MinNumberOfScenes || written > ScenePlanRequest.MaxNumberOfScenes)
                ? $"scenes must hold between {ScenePlanRequest.MinNumberOfScenes} and {ScenePlanRequest.MaxNumberOfScenes} scenes; got {written}."
                : null) ??
            input.Scenes?.Select((scene, i) => Text(scene?.Description, $"scenes[{i}].description", Scene.MaxDescriptionLength)).FirstOrDefault(e => e is not null) ??
            (input.ClipAttempts is < 1 or > 10 ? $"clip_attempts must be between 1 and 10; got {input.ClipAttempts}." : null) ??
            (input.ClipRetryDelaySeconds is < 0 or > 3600 ? $"clip_retry_delay_seconds must be between 0 and 3600; got {input.ClipRetryDelaySeconds}." : null) ??
            input.RewriteScenes?.Where(i => input.Scenes is null || i < 0 || i >= input.Scenes.Count)
                .Select(i => $"rewrite_scenes names scene index {i}, which the job does not have.").FirstOrDefault() ??
            input.ReuseClips?.Keys.Where(i => i < 0 || i >= (input.Scenes?.Count ?? input.SceneCount))
                .Select(i => $"reuse_clips names scene index {i}, which the job does not have.").FirstOrDefault();
    }

    /// <summary>Checks a required free-text field: present, not blank, at most the planner's input limit.</summary>
    public static string? Text(string? value, string field, int maxLength = ScenePlanRequest.MaxInputLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{field} is required and must not be blank.";
        }

        return value.Length > maxLength ? $"{field} is {value.Length:N0} characters; the limit is {maxLength:N0}." : null;
    }
}
