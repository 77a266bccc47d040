using Azure.Storage.Blobs;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Tests.Storage;

/// <summary>The store conformance suite on Azure Blob Storage, against Azurite.</summary>
public sealed class AzureBlobMediaStoreConformanceTests(CloudStorageFixture emulators) : CloudMediaStoreConformanceTests, IClassFixture<CloudStorageFixture>
{
    MediaStorageOptions? _options;

    protected override async Task<MediaStore> CreateStoreAsync(bool serveFromCloud, int expirySeconds = 3600)
    {
        _options = await emulators.NewAzureContainerAsync(serveFromCloud, expirySeconds);
        return new AzureBlobMediaStore(_options, Temp.File("tmp"));
    }

    protected override MediaStore OpenSameLocation() => new AzureBlobMediaStore(_options!, Temp.File("tmp2"));

    protected override async Task<IReadOnlyList<string>> ListKeysAsync()
    {
        var container = new BlobContainerClient(emulators.Azurite.ConnectionString, _options!.Bucket);
        var keys = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            keys.Add(blob.Name);
        }

        return keys;
    }

    protected override Task DeleteKeyAsync(string key) =>
        new BlobContainerClient(emulators.Azurite.ConnectionString, _options!.Bucket).DeleteBlobAsync(key);
}
