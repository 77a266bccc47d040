using System.Text.Json.Serialization;
using MusicVideo.Core.Workflow.Activities;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>The images that were made, and a warning per image that failed.</summary>
/// <param name="Images">The stored images.</param>
/// <param name="Warnings">One message per failed image.</param>
public sealed record CharacterReferencesResult([property: JsonPropertyName("images")] IReadOnlyList<ImageAsset> Images, [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings);
