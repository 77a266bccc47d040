using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Storage;

/// <summary>
/// The behaviour every media store must have, run against the local folder, S3 (s3rver) and Azure Blob (Azurite):
/// the activities and routes rely on exactly this, whatever the backend.
/// </summary>
public abstract class MediaStoreConformanceTests : IDisposable
{
    protected TempDirectory Temp { get; } = new();

    /// <summary>A store over a fresh, empty location.</summary>
    protected abstract Task<MediaStore> CreateStoreAsync();

    /// <summary>Another store instance (new client, as in another process) over the same location as the last created store.</summary>
    protected abstract MediaStore OpenSameLocation();

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_stored_clip_round_trips_its_bytes_and_metadata()
    {
        var store = await CreateStoreAsync();
        string clip = await MediaTestSupport.MakeClipAsync(Temp.File("clip.mp4"), 160, 120, 24, 1);
        var id = Guid.NewGuid();
        var source = Guid.NewGuid();

        var stored = await store.PutFileAsync(MediaKind.Video, id, clip, new MediaMetadata
        {
            Prompt = "A singer on a rooftop",
            DurationSeconds = 1,
            SourceIds = [source],
            Parameters = new JsonObject { ["duration"] = 8 },
        });

        Assert.Equal($"{id}.mp4", stored.FileName);
        Assert.Equal("video/mp4", stored.ContentType);
        Assert.Equal(new FileInfo(clip).Length, stored.SizeBytes);
        Assert.True(File.Exists(clip), "a copy keeps the source");
        Assert.True(await store.ExistsAsync(MediaKind.Video, id));
        Assert.False(await store.ExistsAsync(MediaKind.CharacterReference, id));

        var metadata = await store.GetMetadataAsync(MediaKind.Video, id);
        Assert.NotNull(metadata);
        Assert.Equal("A singer on a rooftop", metadata!.Prompt);
        Assert.Equal([source], metadata.SourceIds);
        Assert.Equal(8, (int)metadata.Parameters!["duration"]!);
        Assert.Equal(stored.CreatedAt, metadata.CreatedAt);

        byte[] expected = await File.ReadAllBytesAsync(clip);
        await using (var stream = await store.OpenReadAsync(MediaKind.Video, id))
        {
            Assert.NotNull(stream);
            Assert.Equal(expected, await ReadAllAsync(stream!));
        }

        string step = Temp.File("step");
        string? local = await store.MaterializeAsync(MediaKind.Video, id, step);
        Assert.NotNull(local);
        Assert.Equal(expected, await File.ReadAllBytesAsync(local!));
        var info = await MediaTestSupport.Probe.ProbeAsync(local!);
        Assert.Equal(160, info.Video!.Width);
    }

    [Fact]
    public async Task A_moved_source_is_deleted_only_after_it_is_stored()
    {
        var store = await CreateStoreAsync();
        string image = WriteImage(Temp.File("ref.png"), 2000);
        var id = Guid.NewGuid();

        await store.PutFileAsync(MediaKind.CharacterReference, id, image, moveSource: true);

        Assert.False(File.Exists(image));
        Assert.Equal("image/png", (await store.GetMetadataAsync(MediaKind.CharacterReference, id))!.ContentType);
    }

    [Fact]
    public async Task A_missing_artefact_is_absent_everywhere()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();

        Assert.False(await store.ExistsAsync(MediaKind.Video, id));
        Assert.Null(await store.GetMetadataAsync(MediaKind.Video, id));
        Assert.Null(await store.OpenReadAsync(MediaKind.Video, id));
        Assert.Null(await store.MaterializeAsync(MediaKind.Video, id, Temp.File("step")));
        Assert.Null(await store.GetCloudLinkAsync(MediaKind.Video, id));
        Assert.False(await store.DeleteAsync(MediaKind.Video, id));
        Assert.Equal($"/api/mv/get_video/{id}", await store.GetUrlAsync(MediaKind.Video, id));
    }

    [Fact]
    public async Task Content_that_is_not_of_its_kind_is_refused_and_nothing_is_stored()
    {
        var store = await CreateStoreAsync();
        string image = WriteImage(Temp.File("ref.png"), 500);
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.PutFileAsync(MediaKind.Video, id, image));

        Assert.Contains("MP4", error.Message);
        Assert.False(await store.ExistsAsync(MediaKind.Video, id));
    }

    [Fact]
    public async Task Replacing_an_image_with_another_format_serves_only_the_new_one()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.PutFileAsync(MediaKind.CharacterReference, id, WriteImage(Temp.File("a.png"), 1000));

        string jpeg = Temp.File("b.jpg");
        await File.WriteAllBytesAsync(jpeg, [0xFF, 0xD8, 0xFF, 0xE0, .. RandomNumberGenerator.GetBytes(3000)]);
        var replaced = await store.PutFileAsync(MediaKind.CharacterReference, id, jpeg);

        Assert.Equal($"{id}.jpg", replaced.FileName);
        Assert.Equal("image/jpeg", (await store.GetMetadataAsync(MediaKind.CharacterReference, id))!.ContentType);
        await using var stream = await store.OpenReadAsync(MediaKind.CharacterReference, id);
        Assert.Equal(await File.ReadAllBytesAsync(jpeg), await ReadAllAsync(stream!));
        Assert.Empty(await LeftoverNamesAsync(MediaKind.CharacterReference, id, except: [$"{id}.jpg"]));
    }

    [Fact]
    public async Task Delete_removes_the_artefact_and_its_metadata()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.PutFileAsync(MediaKind.Audio, id, await MediaTestSupport.MakeSongAsync(Temp.File("song.mp3"), 1, "-c:a", "libmp3lame"));

        Assert.True(await store.DeleteAsync(MediaKind.Audio, id));

        Assert.False(await store.ExistsAsync(MediaKind.Audio, id));
        Assert.Null(await store.OpenReadAsync(MediaKind.Audio, id));
        Assert.Empty(await LeftoverNamesAsync(MediaKind.Audio, id, except: []));
    }

    [Fact]
    public async Task A_seek_reads_exactly_the_requested_range()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        string file = WriteFakeMp4(Temp.File("big.mp4"), 3 * 1024 * 1024 + 17);
        byte[] expected = await File.ReadAllBytesAsync(file);
        await store.PutFileAsync(MediaKind.Video, id, file);

        await using var stream = await store.OpenReadAsync(MediaKind.Video, id);
        Assert.True(stream!.CanSeek);
        Assert.Equal(expected.Length, stream.Length);
        foreach (long start in new long[] { 2_000_000, 10, expected.Length - 5 })
        {
            stream.Seek(start, SeekOrigin.Begin);
            var slice = new byte[Math.Min(70_000, expected.Length - start)];
            await stream.ReadExactlyAsync(slice);
            Assert.Equal(expected.AsSpan((int)start, slice.Length).ToArray(), slice);
        }

        Assert.Equal(0, await stream.ReadAsync(new byte[10]));
    }

    [Fact]
    public async Task A_file_larger_than_one_part_round_trips_intact()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        string file = WriteFakeMp4(Temp.File("large.mp4"), (int)(2.5 * S3MediaStore.PartSize) + 12345);

        var stored = await store.PutFileAsync(MediaKind.Video, id, file);

        Assert.Equal(new FileInfo(file).Length, stored.SizeBytes);
        string local = (await store.MaterializeAsync(MediaKind.Video, id, Temp.File("step")))!;
        Assert.Equal(Hash(file), Hash(local));
    }

    [Fact]
    public async Task Another_store_instance_on_the_same_location_sees_the_same_media()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        string clip = WriteFakeMp4(Temp.File("clip.mp4"), 5000);
        await store.PutFileAsync(MediaKind.Video, id, clip, new MediaMetadata { Prompt = "from the first process" });

        var other = OpenSameLocation();

        Assert.Equal("from the first process", (await other.GetMetadataAsync(MediaKind.Video, id))!.Prompt);
        await using var stream = await other.OpenReadAsync(MediaKind.Video, id);
        Assert.Equal(await File.ReadAllBytesAsync(clip), await ReadAllAsync(stream!));
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_no_partial_artefact()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        string file = WriteFakeMp4(Temp.File("large.mp4"), 40 * 1024 * 1024);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(40));

        bool cancelled = false;
        try
        {
            await store.PutFileAsync(MediaKind.Video, id, file, cancellationToken: cancel.Token);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
        }

        // Either nothing is visible, or (when the upload beat the cancellation) all of it is.
        var metadata = await store.GetMetadataAsync(MediaKind.Video, id);
        if (cancelled)
        {
            Assert.Null(metadata);
            Assert.Null(await store.OpenReadAsync(MediaKind.Video, id));
        }
        else
        {
            Assert.Equal(Hash(file), Hash((await store.MaterializeAsync(MediaKind.Video, id, Temp.File("step")))!));
        }
    }

    [Fact]
    public async Task A_step_workspace_reads_inputs_stores_outputs_and_cleans_up_only_its_own_folder()
    {
        var store = await CreateStoreAsync();
        var input = Guid.NewGuid();
        var output = Guid.NewGuid();
        string clip = WriteFakeMp4(Temp.File("in.mp4"), 9000);
        await store.PutFileAsync(MediaKind.Video, input, clip);

        string folder;
        await using (var workspace = new MediaWorkspace(store, Temp.File("steps")))
        {
            folder = workspace.Directory;
            string? local = await workspace.InputAsync(MediaKind.Video, input);
            Assert.Equal(Hash(clip), Hash(local!));
            Assert.Null(await workspace.InputAsync(MediaKind.Video, Guid.NewGuid()));

            string result = workspace.OutputPath("out.mp4");
            File.Copy(local!, result);
            await workspace.SaveAsync(MediaKind.Video, output, result, new MediaMetadata { SourceIds = [input] });
            Assert.False(File.Exists(result), "the output file goes once it is stored");
            Assert.Throws<ArgumentException>(() => workspace.OutputPath("../escape.mp4"));
        }

        Assert.False(Directory.Exists(folder));
        Assert.Equal([input], (await store.GetMetadataAsync(MediaKind.Video, output))!.SourceIds);
        await using var stored = await store.OpenReadAsync(MediaKind.Video, input);
        Assert.Equal(await File.ReadAllBytesAsync(clip), await ReadAllAsync(stored!));
    }

    /// <summary>Names of anything the store still holds for the artefact besides <paramref name="except"/> (files or objects).</summary>
    protected abstract Task<IReadOnlyList<string>> LeftoverNamesAsync(MediaKind kind, Guid id, IReadOnlyList<string> except);

    protected static string WriteImage(string path, int size)
    {
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(size)]);
        return path;
    }

    /// <summary>A file with an MP4 'ftyp' header (what the stores sniff) followed by random bytes.</summary>
    protected static string WriteFakeMp4(string path, int size)
    {
        using var output = File.Create(path);
        output.Write([0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m']);
        var chunk = new byte[1024 * 1024];
        for (long written = 12; written < size; written += chunk.Length)
        {
            RandomNumberGenerator.Fill(chunk);
            output.Write(chunk, 0, (int)Math.Min(chunk.Length, size - written));
        }

        return path;
    }

    protected static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
