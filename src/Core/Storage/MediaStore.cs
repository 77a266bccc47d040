namespace MusicVideo.Core.Storage;

/// <summary>Where artefacts live: a local folder (default), an S3 bucket or an Azure Blob container. Activities pass ids, never bytes.</summary>
public abstract class MediaStore
{
    /// <summary>The backend name reported to clients, e.g. <c>local</c> or <c>s3</c>.</summary>
    public abstract string BackendName { get; }

    /// <summary>Stores a file under the id (replacing any previous artefact with that id) and returns the completed metadata.</summary>
    /// <param name="kind">The artefact kind; the content must match it (checked by magic bytes).</param>
    /// <param name="id">The artefact id (deterministic ids from the orchestrator keep retries idempotent).</param>
    /// <param name="sourcePath">The file to store.</param>
    /// <param name="metadata">Descriptive metadata; id, kind, file name, content type, size and creation time are filled in.</param>
    /// <param name="moveSource">True moves the source (cheap rename on one volume) instead of copying it.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    public abstract Task<MediaMetadata> PutFileAsync(
        MediaKind kind, Guid id, string sourcePath, MediaMetadata? metadata = null, bool moveSource = false, CancellationToken cancellationToken = default);

    /// <summary>Stores the content of a stream (uploads) under the id and returns the completed metadata.</summary>
    public abstract Task<MediaMetadata> PutStreamAsync(
        MediaKind kind, Guid id, Stream content, MediaMetadata? metadata = null, CancellationToken cancellationToken = default);

    /// <summary>Opens the artefact for reading, or returns null when it does not exist.</summary>
    public abstract Task<Stream?> OpenReadAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Returns a local file path of the artefact when the backend has one (null when missing or remote-only).</summary>
    public abstract Task<string?> TryGetLocalPathAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default);

    /// <summary>True when the artefact and its metadata exist.</summary>
    public abstract Task<bool> ExistsAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Reads the artefact's metadata, or null when it does not exist.</summary>
    public abstract Task<MediaMetadata?> GetMetadataAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Deletes the artefact and its metadata; returns false when it did not exist.</summary>
    public abstract Task<bool> DeleteAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default);

    /// <summary>True when clients fetch artefacts straight from cloud storage (presigned or SAS URLs) rather than through the API.</summary>
    public virtual bool ServesFromCloud => false;

    /// <summary>A fresh time-limited direct URL to the artefact in cloud storage, or null (missing, or the store has no cloud side).</summary>
    public virtual Task<CloudLink?> GetCloudLinkAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult<CloudLink?>(null);

    /// <summary>
    /// Makes the artefact available as a local file for a media step and returns its path, or null when it does not exist.
    /// A store with its own files returns its file (read it, never change or delete it); others download into
    /// <paramref name="directory"/>, the step's temp folder, which the caller deletes.
    /// </summary>
    public virtual async Task<string?> MaterializeAsync(MediaKind kind, Guid id, string directory, CancellationToken cancellationToken = default)
    {
        if (await TryGetLocalPathAsync(kind, id, cancellationToken).ConfigureAwait(false) is { } own)
        {
            return own;
        }

        var metadata = await GetMetadataAsync(kind, id, cancellationToken).ConfigureAwait(false);
        var source = await OpenReadAsync(kind, id, cancellationToken).ConfigureAwait(false);
        if (metadata?.FileName is null || source is null)
        {
            return null;
        }

        await using (source.ConfigureAwait(false))
        {
            Directory.CreateDirectory(directory);
            string path = Path.Combine(directory, metadata.FileName);
            string temp = AtomicFile.TempPathFor(path);
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await source.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
            return path;
        }
    }

    /// <summary>
    /// The URL clients use to fetch the artefact: the API route when serving locally
    /// (<c>/api/mv/get_video/{id}</c>, <c>/api/mv/get_character_reference/{id}</c>, <c>/api/mv/get_audio/{id}</c>);
    /// a store serving from the cloud returns a fresh presigned or SAS URL. Make it when a response is built: never store it.
    /// </summary>
    public virtual ValueTask<string> GetUrlAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ApiRouteFor(kind, id));

    /// <summary>Writes <paramref name="content"/> to <paramref name="tempPath"/> and stores that file (moved, not copied); the temporary file never stays behind.</summary>
    protected async Task<MediaMetadata> PutStreamThroughFileAsync(
        MediaKind kind, Guid id, Stream content, string tempPath, MediaMetadata? metadata, bool flushToDisk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            await using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                if (flushToDisk)
                {
                    output.Flush(flushToDisk: true);
                }
            }

            return await this.PutFileAsync(kind, id, tempPath, metadata, moveSource: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            AtomicFile.TryDelete(tempPath);
        }
    }

    /// <summary>The seed-compatible API route of an artefact.</summary>
    public static string ApiRouteFor(MediaKind kind, Guid id) => kind switch
    {
        MediaKind.Video => $"/api/mv/get_video/{MediaId.Format(id)}",
        MediaKind.CharacterReference => $"/api/mv/get_character_reference/{MediaId.Format(id)}",
        MediaKind.Audio => $"/api/mv/get_audio/{MediaId.Format(id)}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown media kind."),
    };
}
