namespace MusicVideo.Core.Providers.Scenes;

/// <summary>One answer of a scene model: its text and the tokens the call used.</summary>
/// <param name="Text">The answer text, or null when the model gave none.</param>
/// <param name="Usage">The tokens the call used, when the API reported them.</param>
public sealed record SceneAnswer(string? Text, TokenUsage? Usage);
