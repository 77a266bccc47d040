using System.Text.Json.Nodes;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Storage;

public sealed class LocalMediaStoreTests
{
    [Fact]
    public async Task Put_get_metadata_delete_round_trip()
    {
        using var dir = new TempDirectory();
        var store = new LocalMediaStore(new LocalMediaStoreOptions(dir.File("media")));
        var clip = await MediaTestSupport.MakeClipAsync(dir.File("clip.mp4"), 160, 120, 24, 1);
        var id = Guid.NewGuid();
        var source = Guid.NewGuid();

        var stored = await store.PutFileAsync(MediaKind.Video, id, clip, new MediaMetadata
        {
            Prompt = "A singer on a rooftop",
            Provider = "local",
            Model = "local-ffmpeg-clip-v1",
            DurationSeconds = 1,
            Width = 160,
            Height = 120,
            SourceIds = [source],
            Parameters = new JsonObject { ["aspect_ratio"] = "16:9", ["duration"] = 8 },
        });

        Assert.Equal(id, stored.Id);
        Assert.Equal(MediaKind.Video, stored.Kind);
        Assert.Equal($"{id}.mp4", stored.FileName);
        Assert.Equal("video/mp4", stored.ContentType);
        Assert.Equal(new FileInfo(clip).Length, stored.SizeBytes);
        Assert.True(File.Exists(clip), "copy keeps the source");
        Assert.True(File.Exists(Path.Combine(dir.File("media"), "videos", $"{id}.mp4")));

        Assert.True(await store.ExistsAsync(MediaKind.Video, id));
        Assert.False(await store.ExistsAsync(MediaKind.CharacterReference, id));
        var metadata = await store.GetMetadataAsync(MediaKind.Video, id);
        Assert.NotNull(metadata);
        Assert.Equal("A singer on a rooftop", metadata!.Prompt);
        Assert.Equal([source], metadata.SourceIds);
        Assert.Equal(8, (int)metadata.Parameters!["duration"]!);

        var json = await File.ReadAllTextAsync(Path.Combine(dir.File("media"), "videos", $"{id}.metadata.json"));
        Assert.Contains("\"size_bytes\"", json);
        Assert.Contains("\"created_at\"", json);
        Assert.Contains("\"kind\": \"video\"", json);

        await using (var stream = await store.OpenReadAsync(MediaKind.Video, id))
        {
            Assert.NotNull(stream);
            using var copy = new MemoryStream();
            await stream!.CopyToAsync(copy);
            Assert.Equal(await File.ReadAllBytesAsync(clip), copy.ToArray());
        }

        Assert.Equal(Path.Combine(store.RootDirectory, "videos", $"{id}.mp4"), await store.TryGetLocalPathAsync(MediaKind.Video, id));
        Assert.Equal($"/api/mv/get_video/{id}", await store.GetUrlAsync(MediaKind.Video, id));
        Assert.Equal($"/api/mv/get_character_reference/{id}", await store.GetUrlAsync(MediaKind.CharacterReference, id));

        Assert.True(await store.DeleteAsync(MediaKind.Video, id));
        Assert.False(await store.ExistsAsync(MediaKind.Video, id));
        Assert.Null(await store.OpenReadAsync(MediaKind.Video, id));
        Assert.Null(await store.GetMetadataAsync(MediaKind.Video, id));
        Assert.False(await store.DeleteAsync(MediaKind.Video, id));
        Assert.Empty(Directory.GetFiles(Path.Combine(store.RootDirectory, "videos")));
    }

    [Fact]
    public async Task Images_and_songs_are_stored_by_sniffed_type_and_wrong_content_is_rejected()
    {
        using var dir = new TempDirectory();
        var store = new LocalMediaStore(new LocalMediaStoreOptions(dir.File("media")));
        var png = dir.File("upload.bin");
        await MediaTestSupport.Runner.RunFfmpegAsync(["-f", "lavfi", "-i", "color=red:s=32x32", "-frames:v", "1", "-f", "image2", "-c:v", "png", png]);
        var imageId = Guid.NewGuid();
        var image = await store.PutFileAsync(MediaKind.CharacterReference, imageId, png, moveSource: true);
        Assert.Equal($"{imageId}.png", image.FileName);
        Assert.Equal("image/png", image.ContentType);
        Assert.False(File.Exists(png), "move consumes the source");

        var song = await MediaTestSupport.MakeSongAsync(dir.File("song.data"), 1, "-c:a", "flac", "-f", "flac");
        var songId = Guid.NewGuid();
        await using (var stream = File.OpenRead(song))
        {
            var stored = await store.PutStreamAsync(MediaKind.Audio, songId, stream, new MediaMetadata { OriginalFileName = "my song.flac" });
            Assert.Equal($"{songId}.flac", stored.FileName);
            Assert.Equal("audio/flac", stored.ContentType);
        }

        Assert.Equal($"/api/mv/get_audio/{songId}", await store.GetUrlAsync(MediaKind.Audio, songId));
        var text = dir.File("fake.png");
        await File.WriteAllTextAsync(text, "definitely not an image");
        await Assert.ThrowsAsync<InvalidDataException>(() => store.PutFileAsync(MediaKind.CharacterReference, Guid.NewGuid(), text));
        await Assert.ThrowsAsync<InvalidDataException>(() => store.PutFileAsync(MediaKind.Video, Guid.NewGuid(), song));
        Assert.Empty(Directory.GetFiles(store.KindDirectory(MediaKind.Video)));
    }

    [Fact]
    public async Task Replacing_an_artefact_with_another_format_leaves_one_file()
    {
        using var dir = new TempDirectory();
        var store = new LocalMediaStore(new LocalMediaStoreOptions(dir.File("media")));
        var id = Guid.NewGuid();
        var png = dir.File("a.png");
        var jpg = dir.File("a.jpg");
        await MediaTestSupport.Runner.RunFfmpegAsync(["-f", "lavfi", "-i", "color=blue:s=32x32", "-frames:v", "1", "-update", "1", png]);
        await MediaTestSupport.Runner.RunFfmpegAsync(["-f", "lavfi", "-i", "color=blue:s=32x32", "-frames:v", "1", "-update", "1", jpg]);
        await store.PutFileAsync(MediaKind.CharacterReference, id, png);
        var replaced = await store.PutFileAsync(MediaKind.CharacterReference, id, jpg);
        Assert.Equal("image/jpeg", replaced.ContentType);
        Assert.Equal([$"{id}.jpg", $"{id}.metadata.json"], Directory.GetFiles(store.KindDirectory(MediaKind.CharacterReference)).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Missing_artefacts_read_as_absent()
    {
        using var dir = new TempDirectory();
        var store = new LocalMediaStore(new LocalMediaStoreOptions(dir.Path));
        var id = Guid.NewGuid();
        Assert.False(await store.ExistsAsync(MediaKind.Audio, id));
        Assert.Null(await store.TryGetLocalPathAsync(MediaKind.Audio, id));
        Assert.Null(await store.GetMetadataAsync(MediaKind.Audio, id));
    }
}
