namespace MusicVideo.Core.Storage;

/// <summary>Where media lives (<c>STORAGE_BACKEND</c>).</summary>
public enum MediaStorageBackend
{
    /// <summary>A folder under the data directory (the default).</summary>
    Local,

    /// <summary>An S3 bucket (AWS or any S3-compatible endpoint).</summary>
    S3,

    /// <summary>An Azure Blob Storage container.</summary>
    Azure,
}
