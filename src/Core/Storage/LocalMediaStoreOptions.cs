namespace MusicVideo.Core.Storage;

/// <summary>Settings of the local folder store.</summary>
/// <param name="RootDirectory">The media root (e.g. <c>{MV_DATA_DIR}/media</c>) holding <c>videos/</c>, <c>character_references/</c> and <c>audio/</c>.</param>
public sealed record LocalMediaStoreOptions(string RootDirectory);
