using System.Net;
using MusicVideo.ProviderStandIns;
using MusicVideo.Server.Tests.Infrastructure;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Providers;

/// <summary>
/// Character references reach Replicate clip models as a fresh presigned (S3, on s3rver) or SAS (Azure Blob, on Azurite) URL of our
/// store instead of an upload: the stand-in downloads exactly the stored reference through it, and nothing goes to the Files API.
/// </summary>
public sealed class ReplicateReferenceDeliveryTests(CloudStorageEmulators emulators) : IClassFixture<CloudStorageEmulators>
{
    [Theory]
    [InlineData("s3", "auto")]
    [InlineData("azure", "auto")]
    [InlineData("s3", "url")]
    public async Task Job_OnACloudStore_SendsTheReferenceAsAPresignedUrlTheModelDownloads_AndUploadsNothing(string backend, string delivery)
    {
        string bucket = await emulators.NewBucketAsync(backend);
        var settings = emulators.Settings(backend, bucket, serveFromCloud: false);
        settings["REPLICATE_REFERENCE_DELIVERY"] = delivery;
        await using var rig = await ReplicateRig.StartAsync(webhooks: false, TimeSpan.FromSeconds(2), settings);

        var uploaded = await rig.Server.UploadAsync("/api/mv/upload_character_reference", await MediaTools.MakePngAsync(320, 240), "face.png", "image/png", HttpStatusCode.OK);
        string referenceId = Str(uploaded, "image_id");
        byte[] stored = await rig.Server.DownloadAsync("/api/mv/get_character_reference/" + referenceId, "image/png");

        var accepted = await rig.StartJobAsync(1, referenceId);
        var job = await rig.WaitForJobAsync(accepted, TimeSpan.FromSeconds(120));
        Assert.True(Str(job, "status") == "Completed", job.ToJsonString());

        // The create named the reference by a URL of our store, made for this prediction.
        var create = Assert.Single(rig.VideoCreates());
        string url = create.Json()!["input"]!["reference_images"]!.AsArray().Single()!.GetValue<string>();
        var storage = backend == "s3" ? emulators.S3rver.Endpoint : emulators.Azurite.BlobEndpoint;
        Assert.StartsWith("http", url, StringComparison.Ordinal);
        Assert.Equal(storage.Authority, new Uri(url).Authority);
        Assert.Contains(backend == "s3" ? "X-Amz-Signature=" : "sig=", url, StringComparison.Ordinal);

        // The stand-in downloaded it anonymously, as Replicate does, and got exactly the stored PNG.
        var fetch = Assert.Single(rig.Replicate.ReferenceFetches);
        Assert.Equal(url, fetch.Url);
        Assert.Equal(200, fetch.Status);
        Assert.Equal("image/png", fetch.ContentType);
        Assert.Equal(stored, fetch.Bytes);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], fetch.Bytes[..4]);
        Assert.Empty(rig.Replicate.Requests.Where("POST", p => p == "/v1/files"));

        // The URL was made inside the submit: no durable state of the job or its clip holds it.
        string jobId = Str(accepted, "id");
        foreach (string instance in new[] { jobId, jobId + "-scene1-try1" })
        {
            string state = await (await rig.Server.Http.GetAsync(
                $"/runtime/webhooks/durabletask/instances/{instance}?showInput=true&showHistory=true&showHistoryOutput=true")).Content.ReadAsStringAsync();
            Assert.Contains(referenceId, state, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(storage.Authority, state, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Job_OnACloudStore_WithUploadDelivery_UploadsTheReferenceThroughTheFilesApi()
    {
        string bucket = await emulators.NewBucketAsync("s3");
        var settings = emulators.Settings("s3", bucket, serveFromCloud: true);
        settings["REPLICATE_REFERENCE_DELIVERY"] = "upload";
        await using var rig = await ReplicateRig.StartAsync(webhooks: false, TimeSpan.FromSeconds(2), settings);
        var uploaded = await rig.Server.UploadAsync("/api/mv/upload_character_reference", await MediaTools.MakePngAsync(), "face.png", "image/png", HttpStatusCode.OK);

        var job = await rig.WaitForJobAsync(await rig.StartJobAsync(1, Str(uploaded, "image_id")), TimeSpan.FromSeconds(120));
        Assert.True(Str(job, "status") == "Completed", job.ToJsonString());
        string url = Assert.Single(rig.VideoCreates()).Json()!["input"]!["reference_images"]!.AsArray().Single()!.GetValue<string>();
        Assert.StartsWith(rig.Replicate.BaseUrl + "v1/files/", url, StringComparison.Ordinal);
        Assert.Single(rig.Replicate.Requests.Where("POST", p => p == "/v1/files"));
        Assert.Empty(rig.Replicate.ReferenceFetches);
    }

    [Theory]
    [InlineData("url", "REPLICATE_REFERENCE_DELIVERY=url needs a cloud media store (STORAGE_BACKEND=s3 or azure)")]
    [InlineData("presigned", "REPLICATE_REFERENCE_DELIVERY must be one of auto, upload, url; got 'presigned'.")]
    public async Task ReferenceDelivery_ThatCannotWork_StopsStartUpNamingTheVariable(string value, string expected)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MvServer.StartAsync(new Dictionary<string, string>
        {
            ["VIDEO_PROVIDER"] = "replicate",
            ["REPLICATE_API_TOKEN"] = "r8_token",
            ["REPLICATE_REFERENCE_DELIVERY"] = value,
        }));
        Assert.Contains("error: " + expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }
}
