namespace MusicVideo.Core.Storage;

/// <summary>Writes files so readers see either the old content or the complete new content (temp file in the same folder, then rename).</summary>
internal static class AtomicFile
{
    /// <summary>Writes text atomically.</summary>
    public static async Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken = default)
    {
        var temp = TempPathFor(path);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(contents.AsMemory(), cancellationToken).ConfigureAwait(false);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Copies a file atomically to the destination.</summary>
    public static async Task CopyAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        var temp = TempPathFor(destination);
        try
        {
            await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, destination, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Moves a file into place, its data flushed to disk first; falls back to an atomic copy when the rename crosses file systems.</summary>
    public static async Task MoveAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        // A rename is only as durable as the data already on disk: without the flush, a power loss after the metadata
        // commit could leave a committed clip empty (a SIGKILL cannot, the page cache survives it).
        await using (var data = new FileStream(source, FileMode.Open, FileAccess.Write, FileShare.Read, 1, useAsync: false))
        {
            data.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(source, destination, overwrite: true);
        }
        catch (IOException) when (File.Exists(source))
        {
            await CopyAsync(source, destination, cancellationToken).ConfigureAwait(false);
            TryDelete(source);
        }
    }

    /// <summary>A unique temp name next to the target, so the final rename stays on one file system.</summary>
    public static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
