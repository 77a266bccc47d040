namespace MusicVideo.Core.Providers;

/// <summary>One clip to generate (the fields of Veo 3.1 on Replicate that matter to us).</summary>
/// <param name="Prompt">The scene description.</param>
/// <param name="AspectRatio">16:9, 9:16 or 1:1.</param>
/// <param name="DurationSeconds">4, 6 or 8 seconds.</param>
/// <param name="NegativePrompt">What to avoid, when the model supports it.</param>
/// <param name="Seed">A seed for reproducible output, when the model supports it.</param>
/// <param name="ReferenceImagePath">A local character reference image; remote providers upload it.</param>
/// <param name="GenerateAudio">Whether the clip should carry generated audio.</param>
/// <param name="Model">A provider-specific model id; null for the provider default.</param>
/// <param name="NotifyInstanceId">The orchestration that waits for the job: providers that push completion (webhooks) address their event to it.</param>
/// <param name="ReferenceImageId">The stored character reference, for providers that read it from the media store themselves (<see cref="ClipGenerator.ReadsReferencesFromStore"/>).</param>
public sealed record ClipRequest(
    string Prompt,
    string AspectRatio = AspectRatios.Landscape,
    int DurationSeconds = 8,
    string? NegativePrompt = null,
    int? Seed = null,
    string? ReferenceImagePath = null,
    bool GenerateAudio = true,
    string? Model = null,
    string? NotifyInstanceId = null,
    Guid? ReferenceImageId = null)
{
    /// <summary>The clip lengths Veo 3.1 accepts.</summary>
    public static IReadOnlyList<int> AllowedDurations { get; } = [4, 6, 8];
}
