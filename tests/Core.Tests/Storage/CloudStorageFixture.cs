using Amazon.S3;
using Amazon.S3.Model;
using MusicVideo.Core.Storage;
using MusicVideo.Tests.Shared.Storage;

namespace MusicVideo.Core.Tests.Storage;

/// <summary>Azurite and s3rver started once for a test class; each test gets its own fresh bucket or container.</summary>
public sealed class CloudStorageFixture : CloudStorageEmulatorsFixture
{
    /// <summary>Settings for a new, empty S3 bucket on s3rver.</summary>
    public async Task<MediaStorageOptions> NewS3BucketAsync(bool serveFromCloud = true, int expirySeconds = 3600)
    {
        var options = S3Options($"mv-{Guid.NewGuid():N}"[..30], serveFromCloud, expirySeconds);
        using var client = NewS3Client();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = options.Bucket });
        return options;
    }

    /// <summary>Settings for a new, empty Blob container on Azurite.</summary>
    public async Task<MediaStorageOptions> NewAzureContainerAsync(bool serveFromCloud = true, int expirySeconds = 3600)
    {
        string container = $"mv-{Guid.NewGuid():N}";
        await new Azure.Storage.Blobs.BlobContainerClient(Azurite.ConnectionString, container).CreateAsync();
        return MediaStorageOptions.FromSettings(new Dictionary<string, string?>
        {
            ["STORAGE_BACKEND"] = "azure",
            ["STORAGE_BUCKET"] = container,
            ["SERVE_FROM_CLOUD"] = serveFromCloud ? "true" : "false",
            ["PRESIGNED_URL_EXPIRY"] = expirySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AZURE_STORAGE_CONNECTION_STRING"] = Azurite.ConnectionString,
        }.GetValueOrDefault);
    }

    /// <summary>A raw S3 client on s3rver (to look at what the store left in the bucket).</summary>
    public AmazonS3Client NewS3Client() =>
        new(S3rver.AccessKeyId, S3rver.SecretAccessKey, new AmazonS3Config { ServiceURL = S3rver.Endpoint.AbsoluteUri, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    MediaStorageOptions S3Options(string bucket, bool serveFromCloud, int expirySeconds) =>
        MediaStorageOptions.FromSettings(new Dictionary<string, string?>
        {
            ["STORAGE_BACKEND"] = "s3",
            ["STORAGE_BUCKET"] = bucket,
            ["SERVE_FROM_CLOUD"] = serveFromCloud ? "true" : "false",
            ["PRESIGNED_URL_EXPIRY"] = expirySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AWS_ENDPOINT_URL_S3"] = S3rver.Endpoint.AbsoluteUri,
            ["AWS_ACCESS_KEY_ID"] = S3rver.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = S3rver.SecretAccessKey,
        }.GetValueOrDefault);
}
