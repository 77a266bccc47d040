namespace MusicVideo.Core.Storage;

/// <summary>Makes the media store that the settings choose.</summary>
public static class MediaStoreFactory
{
    /// <summary>Creates the store for <paramref name="options"/>.</summary>
    /// <param name="options">Validated settings (<see cref="MediaStorageOptions.FromEnvironment"/>).</param>
    /// <param name="localRoot">The media folder of the local store.</param>
    /// <param name="tempDirectory">Where cloud stores spool stream uploads.</param>
    public static MediaStore Create(MediaStorageOptions options, string localRoot, string tempDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Backend switch
        {
            MediaStorageBackend.S3 => new S3MediaStore(options, tempDirectory),
            MediaStorageBackend.Azure => new AzureBlobMediaStore(options, tempDirectory),
            _ => new LocalMediaStore(new LocalMediaStoreOptions(localRoot)),
        };
    }
}
