using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Providers;

public sealed class LocalImageGeneratorTests
{
    [Fact]
    public async Task Renders_deterministic_distinct_pngs()
    {
        using var dir = new TempDirectory();
        using var generator = new LocalImageGenerator(new LocalProviderOptions { WorkDirectory = dir.Path });
        const string character = "A tall woman with silver hair, a green bomber jacket with 'NOVA' on the back";
        var requests = new (string Key, ImageRequest Request)[]
        {
            ("a", new ImageRequest(character, Seed: 42, Index: 0)),
            ("a-again", new ImageRequest(character, Seed: 42, Index: 0)),
            ("b", new ImageRequest(character, Seed: 42, Index: 1)),
            ("c", new ImageRequest(character, Seed: 7, Index: 0)),
            ("d", new ImageRequest("A short man in a blue raincoat", Seed: 42, Index: 0)),
            ("wide", new ImageRequest(character, AspectRatios.Landscape, 42)),
        };
        var bytes = new Dictionary<string, byte[]>();
        var jobs = new List<(string, string)>();
        foreach (var (key, request) in requests)
        {
            jobs.Add((key, (await generator.SubmitAsync(request, key)).JobId));
        }

        foreach (var (key, jobId) in jobs)
        {
            Assert.Equal(ProviderJobState.Succeeded, (await MediaTestSupport.WaitAsync(() => generator.PollAsync(jobId))).State);
            var path = dir.File(key + ".png");
            await generator.FetchAsync(jobId, path);
            bytes[key] = await File.ReadAllBytesAsync(path);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[key][..8]);
        }

        var info = await MediaTestSupport.Probe.ProbeAsync(dir.File("a.png"));
        Assert.Equal((1024, 1024), (info.Video!.Width, info.Video.Height));
        var wide = await MediaTestSupport.Probe.ProbeAsync(dir.File("wide.png"));
        Assert.Equal((1344, 768), (wide.Video!.Width, wide.Video.Height));

        Assert.Equal(bytes["a"], bytes["a-again"]);
        Assert.NotEqual(bytes["a"], bytes["b"]);
        Assert.NotEqual(bytes["a"], bytes["c"]);
        Assert.NotEqual(bytes["a"], bytes["d"]);
    }
}
