namespace MusicVideo.Core.Storage;

/// <summary>
/// A media step's own temp folder: inputs are materialised into it (or, on the local store, read in place) and outputs
/// are written in it and then stored. Disposing deletes the folder; stored artefacts and the local store's files are never touched.
/// </summary>
public sealed class MediaWorkspace : IAsyncDisposable, IDisposable
{
    readonly MediaStore _store;

    /// <summary>Creates a fresh folder under <paramref name="tempRoot"/> for one step.</summary>
    public MediaWorkspace(MediaStore store, string tempRoot)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(tempRoot);
        _store = store;
        Directory = Path.Combine(Path.GetFullPath(tempRoot), $"step-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The step's folder.</summary>
    public string Directory { get; }

    /// <summary>A local path of a stored artefact for the step to read, or null when it does not exist.</summary>
    public Task<string?> InputAsync(MediaKind kind, Guid id, CancellationToken cancellationToken = default) =>
        _store.MaterializeAsync(kind, id, Path.Combine(Directory, "in"), cancellationToken);

    /// <summary>A path in the step's folder for an output file (the folder exists).</summary>
    public string OutputPath(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (Path.GetFileName(fileName) != fileName)
        {
            throw new ArgumentException("An output name is a file name, not a path.", nameof(fileName));
        }

        return Path.Combine(Directory, fileName);
    }

    /// <summary>Stores an output file under the id; the file is removed only once the store has confirmed it.</summary>
    public Task<MediaMetadata> SaveAsync(MediaKind kind, Guid id, string path, MediaMetadata? metadata = null, CancellationToken cancellationToken = default) =>
        _store.PutFileAsync(kind, id, path, metadata, moveSource: true, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
