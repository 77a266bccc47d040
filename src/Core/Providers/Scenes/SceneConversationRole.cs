namespace MusicVideo.Core.Providers.Scenes;

/// <summary>Who said a turn of a scene-writing conversation.</summary>
public enum SceneConversationRole
{
    /// <summary>Us: the prompt or a correction.</summary>
    User,

    /// <summary>The model: an earlier answer.</summary>
    Model,
}
