using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;
using MusicVideo.Core.Tests.TestSupport;

namespace MusicVideo.Core.Tests.Providers;

public sealed class LocalImageGeneratorPathTests
{
    [Fact]
    public async Task Work_folders_with_filtergraph_special_characters_render()
    {
        using var dir = new TempDirectory();
        var odd = Path.Combine(dir.Path, "it's a: [dir], x;y\\z");
        using var generator = new LocalImageGenerator(new LocalProviderOptions { WorkDirectory = odd });
        var job = await generator.SubmitAsync(new ImageRequest("Text with 'quotes', colons: and %{pts} braces [x]", AspectRatios.Portrait, 1), "odd");
        var status = await MediaTestSupport.WaitAsync(() => generator.PollAsync(job.JobId));
        Assert.True(status.State == ProviderJobState.Succeeded, status.Error);
        await generator.FetchAsync(job.JobId, dir.File("odd.png"));
        var info = await MediaTestSupport.Probe.ProbeAsync(dir.File("odd.png"));
        Assert.Equal((768, 1344), (info.Video!.Width, info.Video.Height));
    }
}
