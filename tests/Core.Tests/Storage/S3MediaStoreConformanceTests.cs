using Amazon.S3.Model;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Tests.Storage;

/// <summary>The store conformance suite on S3, against s3rver (a real S3 wire protocol server; it does not check URL expiry).</summary>
public sealed class S3MediaStoreConformanceTests(CloudStorageFixture emulators) : CloudMediaStoreConformanceTests, IClassFixture<CloudStorageFixture>
{
    MediaStorageOptions? _options;

    protected override async Task<MediaStore> CreateStoreAsync(bool serveFromCloud, int expirySeconds = 3600)
    {
        _options = await emulators.NewS3BucketAsync(serveFromCloud, expirySeconds);
        return new S3MediaStore(_options, Temp.File("tmp"));
    }

    protected override MediaStore OpenSameLocation() => new S3MediaStore(_options!, Temp.File("tmp2"));

    protected override async Task<IReadOnlyList<string>> ListKeysAsync()
    {
        using var client = emulators.NewS3Client();
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options!.Bucket });
        return (listed.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    protected override async Task DeleteKeyAsync(string key)
    {
        using var client = emulators.NewS3Client();
        await client.DeleteObjectAsync(_options!.Bucket, key);
    }
}
