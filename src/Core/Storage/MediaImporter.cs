using MusicVideo.Core.Media;

namespace MusicVideo.Core.Storage;

/// <summary>Imports user uploads (songs, reference images) into the media store after checking what they really are.</summary>
public sealed class MediaImporter(MediaStore media, SongInspector songs, string tempDirectory)
{
    /// <summary>Stores a song after sniffing and probing it; throws <see cref="InvalidDataException"/> naming the accepted formats.</summary>
    public async Task<MediaMetadata> ImportSongAsync(Stream content, string? fileName, CancellationToken cancellationToken = default)
    {
        string temp = await this.SpoolAsync(content, cancellationToken);
        try
        {
            var song = await songs.InspectAsync(temp, cancellationToken);
            return await media.PutFileAsync(MediaKind.Audio, Guid.NewGuid(), temp, new MediaMetadata
            {
                OriginalFileName = SafeName(fileName),
                DurationSeconds = song.DurationSeconds,
            }, moveSource: true, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Stores a character reference image (PNG, JPEG or WebP, checked by its bytes).</summary>
    public async Task<MediaMetadata> ImportImageAsync(Stream content, string? fileName, CancellationToken cancellationToken = default)
    {
        string temp = await this.SpoolAsync(content, cancellationToken);
        try
        {
            return await media.PutFileAsync(MediaKind.CharacterReference, Guid.NewGuid(), temp, new MediaMetadata
            {
                OriginalFileName = SafeName(fileName),
                Provider = "upload",
            }, moveSource: true, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Keeps only the file name part of a client-supplied name (never a path).</summary>
    static string? SafeName(string? fileName) => string.IsNullOrWhiteSpace(fileName) ? null : Path.GetFileName(fileName.Replace('\\', '/'));

    async Task<string> SpoolAsync(Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(tempDirectory);
        string temp = Path.Combine(tempDirectory, $"upload-{Guid.NewGuid():N}");
        await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await content.CopyToAsync(output, cancellationToken);
            // The store renames this file into place and fsyncs the metadata: the data must be on disk first, or a power
            // loss could leave metadata pointing at a truncated file.
            output.Flush(flushToDisk: true);
        }

        return temp;
    }
}
