using MusicVideo.Core.Media;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Media;

public sealed class SongInspectorTests
{
    readonly SongInspector _inspector = new(MediaTestSupport.Runner);

    [Theory]
    [InlineData("mp3", "mp3", "audio/mpeg", new[] { "-c:a", "libmp3lame", "-f", "mp3" })]
    [InlineData("wav", "wav", "audio/wav", new[] { "-c:a", "pcm_s16le", "-f", "wav" })]
    [InlineData("m4a", "m4a", "audio/mp4", new[] { "-c:a", "aac", "-f", "ipod" })]
    [InlineData("aac", "aac", "audio/aac", new[] { "-c:a", "aac", "-f", "adts" })]
    [InlineData("ogg", "ogg", "audio/ogg", new[] { "-c:a", "libvorbis", "-f", "ogg" })]
    [InlineData("flac", "flac", "audio/flac", new[] { "-c:a", "flac", "-f", "flac" })]
    public async Task Accepts_songs_by_content_whatever_the_name(string format, string extension, string contentType, string[] codecArgs)
    {
        using var dir = new TempDirectory();
        // A misleading name: detection must come from the bytes.
        var path = await MediaTestSupport.MakeSongAsync(dir.File("upload.txt"), 1, codecArgs);

        var song = await _inspector.InspectAsync(path);

        Assert.Equal(format, song.Format.Name);
        Assert.Equal(extension, song.Format.Extension);
        Assert.Equal(contentType, song.Format.ContentType);
        Assert.InRange(song.DurationSeconds, 0.9, 1.2);
    }

    [Fact]
    public async Task Rejects_text_images_and_videos()
    {
        using var dir = new TempDirectory();
        var text = dir.File("song.mp3");
        await File.WriteAllTextAsync(text, "hello, I am not a song at all");
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => _inspector.InspectAsync(text));
        Assert.Contains("mp3, wav, m4a, aac, ogg, flac", ex.Message);

        var video = dir.File("v.mp3");
        File.Copy(await MediaTestSupport.MakeClipAsync(dir.File("v.mp4"), 64, 64, 24, 1), video);
        await Assert.ThrowsAsync<InvalidDataException>(() => _inspector.InspectAsync(video));

        // MP3 frame sync bytes followed by garbage: sniffing passes, ffprobe does not.
        var fake = dir.File("fake.mp3");
        await File.WriteAllBytesAsync(fake, [0xFF, 0xFB, 0x90, 0x00, .. new byte[64]]);
        await Assert.ThrowsAsync<InvalidDataException>(() => _inspector.InspectAsync(fake));
    }

    [Fact]
    public void Sniffer_recognises_magic_bytes()
    {
        Assert.Equal("png", MediaSniffer.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])!.Name);
        Assert.Equal("jpeg", MediaSniffer.Sniff([0xFF, 0xD8, 0xFF, 0xE0])!.Name);
        Assert.Equal("webp", MediaSniffer.Sniff("RIFF\0\0\0\0WEBPVP8 "u8)!.Name);
        Assert.Equal("mp4", MediaSniffer.Sniff([0, 0, 0, 0x20, .. "ftypisom"u8])!.Name);
        Assert.Equal("m4a", MediaSniffer.Sniff([0, 0, 0, 0x20, .. "ftypM4A "u8])!.Name);
        Assert.Null(MediaSniffer.Sniff("<html>"u8));
        Assert.Null(MediaSniffer.Sniff([]));
    }
}
