using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests;

/// <summary>Hardening seen on the default server: HEAD, song length by decoding, and one copy of every clip on disk.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class HardeningTests(DefaultServerFixture fixture)
{
    readonly MvServer _server = fixture.Server;

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/api/mv/get_director_configs")]
    [InlineData("/openapi/v1.json")]
    public async Task Head_OnGetRoute_AnswersLikeGetWithoutABody(string path)
    {
        using var get = await _server.Http.GetAsync(path);
        using var head = await _server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task UploadSong_Mp3PaddedWithZeros_ReportsTheDecodedLengthNotTheHeaderEstimate()
    {
        byte[] song = await MediaTools.MakeSongAsync(6);
        // 20 MB of zeros after 6 s of 96 kb/s audio: the header estimate says ~1,700 s.
        byte[] padded = [.. song, .. new byte[20 * 1024 * 1024]];

        var stored = await _server.UploadAsync("/api/mv/songs", padded, "padded.mp3", "audio/mpeg", HttpStatusCode.Created);

        Assert.Equal(6, stored["duration_seconds"]!.GetValue<double>(), 0.3);
    }

    [Fact]
    public async Task UploadSong_LongerThanTenMinutes_Answers400SayingTheLimit()
    {
        byte[] wav = await MakeWavAsync(601);

        var error = await _server.UploadAsync("/api/mv/songs", wav, "long.wav", "audio/wav", HttpStatusCode.BadRequest);

        Assert.Contains("600 s", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_Finished_StoresEachClipOnceOnDisk()
    {
        var status = await _server.RunAsync("/api/mv/jobs", new { idea = "lanterns on a river", character_description = "a ferryman", number_of_scenes = 2, clip_duration = 4, aspect_ratio = "1:1" });
        var output = CompletedOutput(status);
        Assert.Equal(2, Scenes(output).Count);

        // du counts a hard-linked file once: listed after media/, the providers' folder must not hold the clips' bytes again.
        var (media, providers) = await DiskUsageAsync(Path.Combine(_server.DataDirectory, "media"), Path.Combine(_server.DataDirectory, "providers"));
        Assert.True(media > 500_000, $"media holds {media} bytes");
        // What stays there per job is a few small JSON and text files; a second copy of the clips would be a third of the media.
        Assert.True(providers < media / 50, $"the provider work folders hold {providers} bytes beside {media} bytes of media: clips are stored twice");
    }

    static async Task<(long First, long Second)> DiskUsageAsync(string first, string second)
    {
        var info = new ProcessStartInfo("du") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "-s", "-b", first, second })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        string[] lines = (await process.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await process.WaitForExitAsync();
        return (long.Parse(lines[0].Split('\t')[0], CultureInfo.InvariantCulture), long.Parse(lines[1].Split('\t')[0], CultureInfo.InvariantCulture));
    }

    static async Task<byte[]> MakeWavAsync(int seconds)
    {
        string file = Path.Combine(Path.GetTempPath(), $"mv-long-{Guid.NewGuid():N}.wav");
        try
        {
            var info = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true };
            foreach (string arg in new[] { "-v", "error", "-y", "-f", "lavfi", "-i", $"sine=frequency=330:sample_rate=8000:duration={seconds}", "-ac", "1", file })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            string errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, errors);
            return await File.ReadAllBytesAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
