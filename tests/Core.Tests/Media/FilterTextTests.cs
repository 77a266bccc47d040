using MusicVideo.Core.Media;

namespace MusicVideo.Core.Tests.Media;

public sealed class FilterTextTests
{
    [Fact]
    public void Escapes_both_filtergraph_levels()
    {
        Assert.Equal(@"/tmp/a\\:b", FilterText.EscapeOptionValue("/tmp/a:b"));
        Assert.Equal(@"it\\\'s", FilterText.EscapeOptionValue("it's"));
        Assert.Equal("x\\,y\\;z\\[1\\]", FilterText.EscapeOptionValue("x,y;z[1]"));
    }

    [Fact]
    public void Wraps_words_and_caps_lines()
    {
        var wrapped = FilterText.Wrap("one two three four five six seven eight nine ten", 10, 3);
        var lines = wrapped.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.True(l.Length <= 10, l));
        Assert.EndsWith("…", lines[^1]);
    }
}
