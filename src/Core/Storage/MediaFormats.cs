using MusicVideo.Core.Media;

namespace MusicVideo.Core.Storage;

/// <summary>Checks that content matches its artefact kind by its leading bytes (every store stores only what it can serve).</summary>
internal static class MediaFormats
{
    /// <summary>Sniffs the file and throws <see cref="InvalidDataException"/> naming the accepted formats when it is not of the kind.</summary>
    public static async Task<SniffedFormat> SniffForKindAsync(MediaKind kind, string path, CancellationToken cancellationToken)
    {
        var format = await MediaSniffer.SniffFileAsync(path, cancellationToken).ConfigureAwait(false);
        var expected = kind switch
        {
            MediaKind.Video => MediaCategory.Video,
            MediaKind.CharacterReference => MediaCategory.Image,
            _ => MediaCategory.Audio,
        };
        if (format is null || format.Category != expected)
        {
            var accepted = kind switch
            {
                MediaKind.Video => "an MP4 video",
                MediaKind.CharacterReference => "a PNG, JPEG or WebP image",
                _ => "an mp3, wav, m4a, aac, ogg or flac file",
            };
            throw new InvalidDataException($"The content is not {accepted} (checked by its leading bytes, not its name).");
        }

        return format;
    }
}
