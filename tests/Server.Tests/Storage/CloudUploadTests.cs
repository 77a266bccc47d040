using System.Net;
using System.Net.Http.Headers;
using MusicVideo.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MusicVideo.Server.Tests.Storage;

/// <summary>Large uploads into S3 (s3rver) and Azure Blob (Azurite) through a real server: bounded memory, and nothing partial after a crash.</summary>
public sealed class CloudUploadTests(CloudStorageEmulators emulators, ITestOutputHelper output) : IClassFixture<CloudStorageEmulators>
{
    const long MiB = 1024 * 1024;

    /// <summary>A 598-second WAV: 100.6 MiB, a real song within the 10-minute limit.</summary>
    static readonly Lazy<Task<byte[]>> LargeSong = new(() => MediaTools.MakeWavAsync(598));

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task A_100_MB_song_upload_grows_server_memory_by_less_than_64_MB(string backend)
    {
        byte[] wav = await LargeSong.Value;
        Assert.True(wav.Length > 100 * MiB, $"the song is {wav.Length / MiB} MB");
        string bucket = await emulators.NewBucketAsync(backend);
        await using var server = await MvServer.StartAsync(emulators.Settings(backend, bucket, serveFromCloud: false));
        // Warm up the upload path (JIT, pools) with a small song, so the reading below measures the large one.
        await server.UploadAsync("/api/mv/songs", await MediaTools.MakeSongAsync(2), "warm.mp3", "audio/mpeg", HttpStatusCode.Created);

        long before = ReadStatusKb(server.Pid, "VmRSS") * 1024;
        // "5" resets the process's peak resident set (VmHWM) to its current size (Linux 4.0+).
        await File.WriteAllTextAsync($"/proc/{server.Pid}/clear_refs", "5");
        var song = await server.UploadAsync("/api/mv/songs", wav, "long.wav", "audio/wav", HttpStatusCode.Created);
        long peak = ReadStatusKb(server.Pid, "VmHWM") * 1024;

        long growth = peak - before;
        output.WriteLine($"{backend}: {wav.Length / (double)MiB:0.0} MB upload; server RSS before {before / (double)MiB:0.0} MB, peak during {peak / (double)MiB:0.0} MB, growth {growth / (double)MiB:0.0} MB");
        Assert.True(growth < 64 * MiB, $"{backend}: server RSS grew by {growth / (double)MiB:0.0} MB during a {wav.Length / MiB} MB upload");
        string id = song["song_id"]!.GetValue<string>();
        var objects = await emulators.ListAsync(backend, bucket);
        Assert.Equal(wav.Length, objects[$"mv/audio/{id}.wav"]);
        Assert.Equal(wav.Length, song["file_size"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task Killing_the_server_during_an_upload_leaves_nothing_partial_listed_or_served(string backend)
    {
        byte[] wav = await LargeSong.Value;
        string bucket = await emulators.NewBucketAsync(backend);
        await using var server = await MvServer.StartAsync(emulators.Settings(backend, bucket, serveFromCloud: true));

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(wav);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "long.wav");
        var upload = server.Http.PostAsync("/api/mv/songs", form);

        // Wait until the store's upload of the song is under way (parts or blocks sent, not completed), then crash the server.
        string? key = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (key is null && DateTime.UtcNow < deadline && !upload.IsCompleted)
        {
            key = (await emulators.UploadsInProgressAsync(backend, bucket)).FirstOrDefault(k => k.StartsWith("mv/audio/", StringComparison.Ordinal));
            if (key is null)
            {
                await Task.Delay(5);
            }
        }

        Assert.True(key is not null, $"no upload in progress was seen (upload finished: {upload.IsCompleted})");
        await server.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => upload);
        string id = Path.GetFileNameWithoutExtension(key!);
        output.WriteLine($"{backend}: killed the server while {key} was being uploaded");

        await server.RestartAsync();
        var objects = await emulators.ListAsync(backend, bucket);
        Assert.DoesNotContain(objects.Keys, k => k.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(objects.Keys, k => k.StartsWith("mv/audio/", StringComparison.Ordinal));
        foreach (string query in new[] { "?redirect=false", "?redirect=true", "" })
        {
            using var response = await server.Http.GetAsync($"/api/mv/get_audio/{id}{query}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    static long ReadStatusKb(int pid, string field)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
