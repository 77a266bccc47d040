using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Tests.Storage;

public sealed class MediaIdTests
{
    [Theory]
    [InlineData("3f2b8c1e-9a4d-4c2b-8f1e-2d3c4b5a6978")]
    [InlineData("3F2B8C1E-9A4D-4C2B-8F1E-2D3C4B5A6978")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void Canonical_uuids_are_accepted_in_either_case(string value)
    {
        Assert.True(MediaId.TryParse(value, out var id));
        Assert.Equal(value.ToLowerInvariant(), MediaId.Format(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("..%2Fx")]
    [InlineData("..\\x")]
    [InlineData("not-a-uuid")]
    [InlineData("{3f2b8c1e-9a4d-4c2b-8f1e-2d3c4b5a6978}")]
    [InlineData("(3f2b8c1e-9a4d-4c2b-8f1e-2d3c4b5a6978)")]
    [InlineData("3f2b8c1e9a4d4c2b8f1e2d3c4b5a6978")]
    [InlineData(" 3f2b8c1e-9a4d-4c2b-8f1e-2d3c4b5a6978")]
    [InlineData("3f2b8c1e-9a4d-4c2b-8f1e-2d3c4b5a6978 ")]
    [InlineData("3f2b8c1e-9a4d-4c2b-8f1e-2d3c4b5a697g")]
    [InlineData("3f2b8c1e-9a4d-4c2b-8f1e-2d3c4b5a6978/../../etc")]
    [InlineData("3f2b8c1e+9a4d-4c2b-8f1e-2d3c4b5a6978")]
    public void Anything_else_is_rejected(string? value)
    {
        Assert.False(MediaId.TryParse(value, out _));
        Assert.Throws<ArgumentException>(() => MediaId.Parse(value));
    }
}
