namespace MusicVideo.Core.Providers.Scenes;

/// <summary>One message of a scene-writing conversation (the prompt, a rejected answer, the correction).</summary>
/// <param name="Role">Who said it.</param>
/// <param name="Text">What was said.</param>
public sealed record SceneConversationTurn(SceneConversationRole Role, string Text);
