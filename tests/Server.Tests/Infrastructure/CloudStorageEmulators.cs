using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MusicVideo.Tests.Shared.Storage;

namespace MusicVideo.Server.Tests.Infrastructure;

/// <summary>Azurite and s3rver for a test class, and the server settings that point a `musicvideo serve` process at a fresh bucket on either.</summary>
public sealed class CloudStorageEmulators : CloudStorageEmulatorsFixture
{
    /// <summary>Creates an empty bucket (s3) or container (azure) and returns its name.</summary>
    public async Task<string> NewBucketAsync(string backend)
    {
        string name = $"mv-{Guid.NewGuid():N}"[..30];
        if (backend == "s3")
        {
            using var client = NewS3Client();
            await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        }
        else
        {
            await new BlobContainerClient(Azurite.ConnectionString, name).CreateAsync();
        }

        return name;
    }

    /// <summary>The server environment for a store on <paramref name="bucket"/>.</summary>
    public Dictionary<string, string> Settings(string backend, string bucket, bool serveFromCloud, int expirySeconds = 3600)
    {
        var settings = new Dictionary<string, string>
        {
            ["STORAGE_BACKEND"] = backend,
            ["STORAGE_BUCKET"] = bucket,
            ["SERVE_FROM_CLOUD"] = serveFromCloud ? "true" : "false",
            ["PRESIGNED_URL_EXPIRY"] = expirySeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (backend == "s3")
        {
            settings["AWS_ENDPOINT_URL_S3"] = S3rver.Endpoint.AbsoluteUri;
            settings["AWS_ACCESS_KEY_ID"] = S3rver.AccessKeyId;
            settings["AWS_SECRET_ACCESS_KEY"] = S3rver.SecretAccessKey;
        }
        else
        {
            settings["AZURE_STORAGE_CONNECTION_STRING"] = Azurite.ConnectionString;
        }

        return settings;
    }

    /// <summary>The committed objects in a bucket with their sizes.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ListAsync(string backend, string bucket)
    {
        var objects = new Dictionary<string, long>(StringComparer.Ordinal);
        if (backend == "s3")
        {
            using var client = NewS3Client();
            var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
            foreach (var o in listed.S3Objects ?? [])
            {
                objects[o.Key] = o.Size ?? 0;
            }
        }
        else
        {
            await foreach (var blob in new BlobContainerClient(Azurite.ConnectionString, bucket).GetBlobsAsync())
            {
                objects[blob.Name] = blob.Properties.ContentLength ?? 0;
            }
        }

        return objects;
    }

    /// <summary>The keys of uploads in progress (S3 multipart uploads not completed; Blob blobs with uncommitted blocks only).</summary>
    public async Task<IReadOnlyList<string>> UploadsInProgressAsync(string backend, string bucket)
    {
        if (backend == "s3")
        {
            // s3rver does not implement ListMultipartUploads; it keeps each open upload as a folder with a 'key' file.
            string root = Path.Combine(S3rver.Directory, bucket);
            return Directory.Exists(root)
                ? Directory.EnumerateFiles(root, "key", SearchOption.AllDirectories).Select(TryRead).OfType<string>().ToList()
                : [];
        }

        var committed = await ListAsync(backend, bucket);
        var keys = new List<string>();
        await foreach (var blob in new BlobContainerClient(Azurite.ConnectionString, bucket).GetBlobsAsync(new GetBlobsOptions { States = BlobStates.Uncommitted }))
        {
            if (!committed.ContainsKey(blob.Name))
            {
                keys.Add(blob.Name);
            }
        }

        return keys;
    }

    static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    AmazonS3Client NewS3Client() =>
        new(S3rver.AccessKeyId, S3rver.SecretAccessKey, new AmazonS3Config { ServiceURL = S3rver.Endpoint.AbsoluteUri, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
}
