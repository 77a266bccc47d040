using System.Text.Json;
using MusicVideo.Core.Media;

namespace MusicVideo.Core.Storage;

/// <summary>
/// The default store: a local folder with the seed's layout (<c>videos/{id}.mp4</c>, <c>character_references/{id}.png</c>,
/// <c>audio/{id}.mp3</c>) and <c>{id}.metadata.json</c> beside each file. Writes are atomic (temp file, then rename);
/// the metadata file is written last, so an artefact exists only once it is complete.
/// </summary>
public sealed class LocalMediaStore : MediaStore
{
    /// <summary>Creates the store and its folders.</summary>
    public LocalMediaStore(LocalMediaStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RootDirectory);
        RootDirectory = Path.GetFullPath(options.RootDirectory);
        foreach (var kind in Enum.GetValues<MediaKind>())
        {
            Directory.CreateDirectory(KindDirectory(kind));
        }
    }

    /// <summary>The media root folder.</summary>
    public string RootDirectory { get; }

    /// <inheritdoc />
    public override string BackendName => "local";

    /// <summary>The folder of a kind, as in the seed's layout.</summary>
    public string KindDirectory(MediaKind kind) => Path.Combine(RootDirectory, kind switch
    {
        MediaKind.Video => "videos",
        MediaKind.CharacterReference => "character_references",
        MediaKind.Audio => "audio",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown media kind."),
    });

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
        var finalPath = DataPath(kind, id, format.Extension);
        if (moveSource)
        {
            await AtomicFile.MoveAsync(sourcePath, finalPath, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await AtomicFile.CopyAsync(sourcePath, finalPath, cancellationToken).ConfigureAwait(false);
        }

        return await CommitAsync(kind, id, format, finalPath, metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<MediaMetadata> PutStreamAsync(
        MediaKind kind, Guid id, Stream content, MediaMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        // Flushed before the rename, so a crash never leaves a committed but empty file.
        return await this.PutStreamThroughFileAsync(
            kind, id, content, AtomicFile.TempPathFor(Path.Combine(KindDirectory(kind), MediaId.Format(id))), metadata, flushToDisk: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<Stream?> OpenReadAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default)
    {
        var path = await TryGetLocalPathAsync(kind, id, cancellationToken).ConfigureAwait(false);
        if (path is null)
        {
            return null;
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            // Deleted between the lookup and the open.
            return null;
        }
    }

    /// <inheritdoc />
    public override async Task<string?> TryGetLocalPathAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default)
    {
        var metadata = await GetMetadataAsync(kind, id, cancellationToken).ConfigureAwait(false);
        return metadata is null ? null : Path.Combine(KindDirectory(kind), metadata.FileName!);
    }

    /// <inheritdoc />
    public override async Task<bool> ExistsAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default) =>
        await GetMetadataAsync(kind, id, cancellationToken).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    public override async Task<MediaMetadata?> GetMetadataAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default)
    {
        var metadataPath = MetadataPath(kind, id);
        string json;
        try
        {
            json = await File.ReadAllTextAsync(metadataPath, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        var metadata = JsonSerializer.Deserialize<MediaMetadata>(json, MediaMetadataJson.Options);
        // The file name comes from our own metadata, but it is still checked so a tampered file cannot point outside the folder.
        if (metadata?.FileName is not { } name
            || !name.StartsWith(MediaId.Format(id) + ".", StringComparison.Ordinal)
            || Path.GetFileName(name) != name
            || !File.Exists(Path.Combine(KindDirectory(kind), name)))
        {
            return null;
        }

        return metadata;
    }

    /// <inheritdoc />
    public override async Task<bool> DeleteAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default)
    {
        var metadata = await GetMetadataAsync(kind, id, cancellationToken).ConfigureAwait(false);
        var metadataPath = MetadataPath(kind, id);
        var existed = metadata is not null;
        // Metadata first: the artefact stops existing before its bytes go.
        if (File.Exists(metadataPath))
        {
            File.Delete(metadataPath);
        }

        foreach (var file in Directory.EnumerateFiles(KindDirectory(kind), MediaId.Format(id) + ".*"))
        {
            File.Delete(file);
        }

        return existed;
    }

    async Task<MediaMetadata> CommitAsync(
        MediaKind kind, Guid id, SniffedFormat format, string finalPath, MediaMetadata? metadata, CancellationToken cancellationToken)
    {
        var completed = (metadata ?? new MediaMetadata()) with
        {
            Id = id,
            Kind = kind,
            FileName = Path.GetFileName(finalPath),
            ContentType = format.ContentType,
            SizeBytes = new FileInfo(finalPath).Length,
            CreatedAt = metadata?.CreatedAt is { } created && created != default ? created : DateTimeOffset.UtcNow,
        };
        await AtomicFile.WriteAllTextAsync(MetadataPath(kind, id), JsonSerializer.Serialize(completed, MediaMetadataJson.Options), cancellationToken).ConfigureAwait(false);

        // A replaced artefact may have had another extension (png → jpg); remove the stale file once the new one is committed.
        foreach (var stale in Directory.EnumerateFiles(KindDirectory(kind), MediaId.Format(id) + ".*"))
        {
            var name = Path.GetFileName(stale);
            if (name != completed.FileName && name != Path.GetFileName(MetadataPath(kind, id)))
            {
                AtomicFile.TryDelete(stale);
            }
        }

        return completed;
    }

    string DataPath(MediaKind kind, Guid id, string extension) =>
        Path.Combine(KindDirectory(kind), $"{MediaId.Format(id)}.{extension}");

    string MetadataPath(MediaKind kind, Guid id) =>
        Path.Combine(KindDirectory(kind), $"{MediaId.Format(id)}.metadata.json");
}
