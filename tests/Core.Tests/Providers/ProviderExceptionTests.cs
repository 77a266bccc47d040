using MusicVideo.Core.Providers;

namespace MusicVideo.Core.Tests.Providers;

public sealed class ProviderExceptionTests
{
    [Theory]
    [InlineData(400, ProviderErrorReason.Validation, false)]
    [InlineData(422, ProviderErrorReason.Validation, false)]
    [InlineData(401, ProviderErrorReason.Authentication, false)]
    [InlineData(403, ProviderErrorReason.Authentication, false)]
    [InlineData(429, ProviderErrorReason.RateLimited, true)]
    [InlineData(500, ProviderErrorReason.ServerError, true)]
    [InlineData(503, ProviderErrorReason.ServerError, true)]
    [InlineData(504, ProviderErrorReason.Timeout, true)]
    public void Http_status_is_classified(int status, ProviderErrorReason reason, bool retriable)
    {
        var ex = ProviderException.FromHttpStatus(status, "boom", TimeSpan.FromSeconds(30));
        Assert.Equal(reason, ex.Reason);
        Assert.Equal(retriable, ex.IsRetriable);
        Assert.Equal(TimeSpan.FromSeconds(30), ex.RetryAfter);
    }

    [Fact]
    public void Content_policy_is_not_retriable()
    {
        Assert.False(new ProviderException("flagged as sensitive", ProviderErrorReason.ContentPolicy).IsRetriable);
        Assert.False(ProviderJobStatus.Failed("flagged", ProviderErrorReason.ContentPolicy).Retriable);
        Assert.True(ProviderJobStatus.Failed("cuda oom", ProviderErrorReason.ServerError).Retriable);
    }
}
