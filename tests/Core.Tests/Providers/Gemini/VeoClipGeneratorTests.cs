using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Gemini;
using MusicVideo.Core.Tests.TestSupport;
using MusicVideo.ProviderStandIns;

namespace MusicVideo.Core.Tests.Providers.Gemini;

public sealed class VeoClipGeneratorTests : IAsyncLifetime
{
    readonly GeminiStandIn _gemini = new();
    readonly TempDirectory _work = new();
    VeoClipGenerator _veo = null!;

    public async Task InitializeAsync()
    {
        await _gemini.StartAsync();
        _veo = NewGenerator();
    }

    public async Task DisposeAsync()
    {
        await _gemini.DisposeAsync();
        _work.Dispose();
    }

    VeoClipGenerator NewGenerator() => new(
        ProviderClients.Create(_gemini.BaseUrl),
        new GeminiOptions { ApiKey = GeminiStandIn.DefaultApiKey, BaseUrl = _gemini.BaseUrl, VeoPollInterval = TimeSpan.FromMilliseconds(50) },
        _work.Path);

    [Fact]
    public async Task Submit_poll_and_fetch_download_the_video_of_the_operation()
    {
        var job = await _veo.SubmitAsync(new ClipRequest("A singer on a rooftop", "16:9", 8, "blur", 7), "key-1");
        Assert.True(job.IsNew);
        Assert.Equal(ProviderJobState.Running, (await _veo.PollAsync(job.JobId)).State);
        Assert.Equal(ProviderJobState.Succeeded, (await _veo.PollAsync(job.JobId)).State);
        var path = _work.File("clip.mp4");
        await _veo.FetchAsync(job.JobId, path);
        Assert.Equal(await StandInMedia.Mp4Async(), await File.ReadAllBytesAsync(path));

        var create = Assert.Single(_gemini.Requests.Where("POST", p => p.EndsWith(":predictLongRunning", StringComparison.Ordinal)));
        Assert.Equal("/v1beta/models/veo-3.1-fast-generate-preview:predictLongRunning", create.Path);
        Assert.Equal(GeminiStandIn.DefaultApiKey, create.Header("x-goog-api-key"));
        var download = Assert.Single(_gemini.Requests.Where("GET", p => p.StartsWith("/v1beta/files/", StringComparison.Ordinal)));
        Assert.Equal("?alt=media", download.Query);
        Assert.Equal(GeminiStandIn.DefaultApiKey, download.Header("x-goog-api-key"));
        Assert.All(_gemini.Requests.Where("GET", p => p.Contains("/operations/", StringComparison.Ordinal)), r => Assert.Equal(_gemini.OperationNames.Single(), r.Path["/v1beta/".Length..]));
    }

    [Fact]
    public async Task The_same_key_never_starts_a_second_operation_also_from_a_new_process()
    {
        var first = await _veo.SubmitAsync(new ClipRequest("p"), "key-2");
        var again = await _veo.SubmitAsync(new ClipRequest("p"), "key-2");
        var restarted = await NewGenerator().SubmitAsync(new ClipRequest("p"), "key-2");

        Assert.Equal(first.JobId, again.JobId);
        Assert.Equal(first.JobId, restarted.JobId);
        Assert.False(again.IsNew);
        Assert.False(restarted.IsNew);
        Assert.Single(_gemini.OperationNames);
    }

    [Fact]
    public async Task A_filtered_clip_fails_for_good_with_the_reason_in_words()
    {
        _gemini.PollsBeforeDone = 0;
        _gemini.Faults.Add(new FaultRule { Kind = FaultKind.ContentPolicy, Body = b => b.Contains("forbidden scene", StringComparison.Ordinal) });
        var job = await _veo.SubmitAsync(new ClipRequest("a forbidden scene"), "key-3");
        var status = await _veo.PollAsync(job.JobId);

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal(ProviderErrorReason.ContentPolicy, status.Reason);
        Assert.False(status.Retriable);
        Assert.Equal(
            "Veo's safety filters blocked this scene: Your prompt could not be submitted because it may violate our usage guidelines. Rewrite the scene prompt.",
            status.Error);
    }

    [Fact]
    public async Task Cancel_stops_running_operations_and_keeps_unsent_ones_from_starting()
    {
        var running = await _veo.SubmitAsync(new ClipRequest("p"), "key-4");
        await _veo.CancelAsync(["key-4", "key-5"]);

        Assert.Equal(_gemini.OperationNames, _gemini.Canceled);
        var status = await _veo.PollAsync(running.JobId);
        Assert.Equal((ProviderJobState.Failed, ProviderErrorReason.Canceled), (status.State, status.Reason));
        var ex = await Assert.ThrowsAsync<ProviderException>(() => _veo.SubmitAsync(new ClipRequest("p"), "key-5"));
        Assert.Equal(ProviderErrorReason.Canceled, ex.Reason);
        Assert.Single(_gemini.OperationNames);
    }

    [Fact]
    public async Task A_throttled_create_is_retried_without_a_second_operation()
    {
        _gemini.Faults.Add(new FaultRule { Kind = FaultKind.RateLimited, Times = 1, Path = p => p.EndsWith(":predictLongRunning", StringComparison.Ordinal) });
        var job = await _veo.SubmitAsync(new ClipRequest("p"), "key-6");
        Assert.True(job.IsNew);
        Assert.Equal(2, _gemini.Requests.Where("POST", p => p.EndsWith(":predictLongRunning", StringComparison.Ordinal)).Count);
        Assert.Single(_gemini.OperationNames);
    }

    [Fact]
    public async Task A_create_that_failed_on_the_server_is_not_repeated_inside_the_call()
    {
        _gemini.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Times = 1, Path = p => p.EndsWith(":predictLongRunning", StringComparison.Ordinal) });
        var ex = await Assert.ThrowsAsync<ProviderException>(() => _veo.SubmitAsync(new ClipRequest("p"), "key-7"));
        Assert.True(ex.IsRetriable);
        Assert.Single(_gemini.Requests.Where("POST", p => p.EndsWith(":predictLongRunning", StringComparison.Ordinal)));
    }
}
