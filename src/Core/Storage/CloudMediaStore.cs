using System.Text.Json;

namespace MusicVideo.Core.Storage;

/// <summary>
/// What S3 and Azure Blob share: the seed's key layout, metadata as a sidecar JSON object written after the data
/// (the sidecar is the commit mark, so half uploads are never listed or served and a second process sees the same
/// media), presigned/SAS serving, ranged reads and materialising into a step's temp folder.
/// </summary>
/// <remarks>
/// Keys: <c>mv/jobs/{id}/video.mp4</c> + <c>mv/jobs/{id}/metadata.json</c> (seed §3.3),
/// <c>character_references/{id}.{ext}</c> + <c>character_references/{id}.metadata.json</c>,
/// <c>mv/audio/{id}.{ext}</c> + <c>mv/audio/{id}.metadata.json</c>.
/// </remarks>
public abstract class CloudMediaStore : MediaStore
{
    readonly string _tempDirectory;

    /// <summary>Creates the store.</summary>
    /// <param name="options">The validated storage settings.</param>
    /// <param name="tempDirectory">Where stream uploads are spooled before they go up in parts.</param>
    protected CloudMediaStore(MediaStorageOptions options, string tempDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket);
        ArgumentException.ThrowIfNullOrWhiteSpace(tempDirectory);
        Options = options;
        _tempDirectory = tempDirectory;
    }

    /// <summary>The settings the store was made with.</summary>
    protected MediaStorageOptions Options { get; }

    /// <summary>The bucket (S3) or container (Azure).</summary>
    public string Bucket => Options.Bucket!;

    /// <inheritdoc />
    public override bool ServesFromCloud => Options.ServeFromCloud;

    /// <summary>The key of an artefact's data object.</summary>
    public static string DataKey(MediaKind kind, Guid id, string extension) => kind switch
    {
        MediaKind.Video => $"mv/jobs/{MediaId.Format(id)}/video.{extension}",
        MediaKind.CharacterReference => $"character_references/{MediaId.Format(id)}.{extension}",
        MediaKind.Audio => $"mv/audio/{MediaId.Format(id)}.{extension}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown media kind."),
    };

    /// <summary>The key of an artefact's metadata sidecar (written last: the artefact exists once it does).</summary>
    public static string MetadataKey(MediaKind kind, Guid id) => kind switch
    {
        MediaKind.Video => $"mv/jobs/{MediaId.Format(id)}/metadata.json",
        MediaKind.CharacterReference => $"character_references/{MediaId.Format(id)}.metadata.json",
        MediaKind.Audio => $"mv/audio/{MediaId.Format(id)}.metadata.json",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown media kind."),
    };

    /// <inheritdoc />
    public override async Task<MediaMetadata> PutFileAsync(
        MediaKind kind, Guid id, string sourcePath, MediaMetadata? metadata = null, bool moveSource = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        if (!File.Exists(sourcePath))
        {
            throw new FileNotFoundException($"Source file '{sourcePath}' does not exist.", sourcePath);
        }

        var format = await MediaFormats.SniffForKindAsync(kind, sourcePath, cancellationToken).ConfigureAwait(false);
        var previous = await GetMetadataAsync(kind, id, cancellationToken).ConfigureAwait(false);
        string dataKey = DataKey(kind, id, format.Extension);
        await UploadFileAsync(dataKey, sourcePath, format.ContentType, cancellationToken).ConfigureAwait(false);

        var completed = (metadata ?? new MediaMetadata()) with
        {
            Id = id,
            Kind = kind,
            FileName = $"{MediaId.Format(id)}.{format.Extension}",
            ContentType = format.ContentType,
            SizeBytes = new FileInfo(sourcePath).Length,
            CreatedAt = metadata?.CreatedAt is { } created && created != default ? created : DateTimeOffset.UtcNow,
        };
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(completed, MediaMetadataJson.Options);
        await PutSmallObjectAsync(MetadataKey(kind, id), json, "application/json", cancellationToken).ConfigureAwait(false);

        // A replaced artefact may have had another extension (png → jpg); its old object goes once the new one is committed.
        if (previous?.FileName is { } oldName && oldName != completed.FileName)
        {
            await DeleteObjectAsync(DataKey(kind, id, Path.GetExtension(oldName).TrimStart('.')), cancellationToken).ConfigureAwait(false);
        }

        // The local copy goes only after the upload and its metadata are confirmed.
        if (moveSource)
        {
            AtomicFile.TryDelete(sourcePath);
        }

        return completed;
    }

    /// <inheritdoc />
    public override async Task<MediaMetadata> PutStreamAsync(
        MediaKind kind, Guid id, Stream content, MediaMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(_tempDirectory);
        return await this.PutStreamThroughFileAsync(
            kind, id, content, Path.Combine(_tempDirectory, $"upload-{Guid.NewGuid():N}"), metadata, flushToDisk: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<Stream?> OpenReadAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default)
    {
        var metadata = await GetMetadataAsync(kind, id, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return null;
        }

        string key = DataKeyOf(metadata);
        long length = metadata.SizeBytes;
        return new RangeReadStream((offset, ct) => OpenObjectAsync(key, offset, length, ct), length);
    }

    /// <inheritdoc />
    public override Task<string?> TryGetLocalPathAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>(null);

    /// <inheritdoc />
    public override async Task<bool> ExistsAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default) =>
        await GetMetadataAsync(kind, id, cancellationToken).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    public override async Task<MediaMetadata?> GetMetadataAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default)
    {
        byte[]? json = await GetSmallObjectAsync(MetadataKey(kind, id), cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        MediaMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<MediaMetadata>(json, MediaMetadataJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }

        return metadata is not null && metadata.Id == id && metadata.Kind == kind && MediaMetadataJson.IsOwnFileName(id, metadata.FileName) ? metadata : null;
    }

    /// <inheritdoc />
    public override async Task<bool> DeleteAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default)
    {
        var metadata = await GetMetadataAsync(kind, id, cancellationToken).ConfigureAwait(false);
        // Metadata first: the artefact stops existing before its bytes go.
        await DeleteObjectAsync(MetadataKey(kind, id), cancellationToken).ConfigureAwait(false);
        if (metadata is not null)
        {
            await DeleteObjectAsync(DataKeyOf(metadata), cancellationToken).ConfigureAwait(false);
        }

        return metadata is not null;
    }

    /// <inheritdoc />
    public override async Task<string?> MaterializeAsync(MediaKind kind, Guid id, string directory, CancellationToken cancellationToken = default)
    {
        var metadata = await GetMetadataAsync(kind, id, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return null;
        }

        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, metadata.FileName!);
        string temp = AtomicFile.TempPathFor(path);
        try
        {
            if (!await DownloadToFileAsync(DataKeyOf(metadata), temp, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            File.Move(temp, path, overwrite: true);
            return path;
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    /// <inheritdoc />
    public override async Task<CloudLink?> GetCloudLinkAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default)
    {
        var metadata = await GetMetadataAsync(kind, id, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return null;
        }

        string key = DataKeyOf(metadata);
        var url = await CreateReadUrlAsync(key, Options.UrlExpiry, metadata.ContentType ?? "application/octet-stream", metadata.FileName!, cancellationToken)
            .ConfigureAwait(false);
        return new CloudLink(url, (int)Options.UrlExpiry.TotalSeconds, key);
    }

    /// <inheritdoc />
    public override async ValueTask<string> GetUrlAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default) =>
        ServesFromCloud && await GetCloudLinkAsync(kind, id, cancellationToken).ConfigureAwait(false) is { } link
            ? link.Url.AbsoluteUri
            : ApiRouteFor(kind, id);

    /// <summary>Uploads a file to a key so that nothing is visible under the key until the whole file is stored (parts or blocks, bounded memory).</summary>
    protected abstract Task UploadFileAsync(string key, string path, string contentType, CancellationToken cancellationToken);

    /// <summary>Writes a small object in one request (metadata sidecars).</summary>
    protected abstract Task PutSmallObjectAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken);

    /// <summary>Reads a small object, or returns null when it does not exist.</summary>
    protected abstract Task<byte[]?> GetSmallObjectAsync(string key, CancellationToken cancellationToken);

    /// <summary>Downloads an object into a file; returns false when it does not exist.</summary>
    protected abstract Task<bool> DownloadToFileAsync(string key, string path, CancellationToken cancellationToken);

    /// <summary>Opens an object for reading from <paramref name="offset"/> to its end (<paramref name="length"/> is its size).</summary>
    protected abstract Task<Stream> OpenObjectAsync(string key, long offset, long length, CancellationToken cancellationToken);

    /// <summary>Deletes an object; a missing object is not an error.</summary>
    protected abstract Task DeleteObjectAsync(string key, CancellationToken cancellationToken);

    /// <summary>Makes a time-limited GET URL for an object that answers with the given content type and an inline file name.</summary>
    protected abstract Task<Uri> CreateReadUrlAsync(string key, TimeSpan expiry, string contentType, string fileName, CancellationToken cancellationToken);

    static string DataKeyOf(MediaMetadata metadata) =>
        DataKey(metadata.Kind, metadata.Id, Path.GetExtension(metadata.FileName!).TrimStart('.'));
}
