using System.Text.Json.Serialization;
using MusicVideo.Core.Workflow.Activities;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>The images that were made, and a warning per image that failed.</summary>
/// <param name="Images">The stored images, each with its cost.</param>
/// <param name="Warnings">One message per failed image.</param>
/// <param name="CostUsd">What the images cost in US dollars (the sum over <paramref name="Images"/>).</param>
public sealed record CharacterReferencesResult(
    [property: JsonPropertyName("images")] IReadOnlyList<ImageAsset> Images,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd = 0);
