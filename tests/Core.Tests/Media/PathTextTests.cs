using MusicVideo.Core.Media;

namespace MusicVideo.Core.Tests.Media;

public sealed class PathTextTests
{
    [Theory]
    [InlineData("/work/data/tmp/abc.mp4: No such file or directory", "abc.mp4: No such file or directory")]
    [InlineData("Error opening '/tmp/x/y/song.mp3' for reading", "Error opening 'song.mp3' for reading")]
    [InlineData("Invalid data found when processing input", "Invalid data found when processing input")]
    [InlineData("rate 24/1 and 30000/1001 differ", "rate 24/1 and 30000/1001 differ")]
    public void KeepFileNames_RemovesFoldersOnly(string text, string expected) => Assert.Equal(expected, PathText.KeepFileNames(text));

    [Fact]
    public async Task FailedRun_MessageHasNoFolders_ButTheExceptionKeepsTheArguments()
    {
        using var dir = new TestSupport.TempDirectory();
        string missing = dir.File("missing.mp4");
        var ex = await Assert.ThrowsAsync<FfmpegException>(() => new FfmpegRunner().RunFfmpegAsync(["-i", missing, dir.File("out.mp4")], null, null));

        Assert.Contains("missing.mp4", ex.Message);
        Assert.DoesNotContain(Path.GetDirectoryName(missing)!, ex.Message);
        Assert.Contains(missing, ex.Arguments);
    }
}
