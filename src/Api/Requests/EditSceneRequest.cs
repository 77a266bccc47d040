namespace MusicVideo.Api.Requests;

/// <summary>Body of the scene edit routes: a new prompt (edit) and/or a new seed (regenerations).</summary>
public sealed record EditSceneRequest(string? Prompt = null, string? NegativePrompt = null, int? Seed = null);
