using Azure;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace MusicVideo.Core.Storage;

/// <summary>
/// Media in an Azure Blob Storage container: block uploads (a blob exists only once its block list is committed),
/// SAS URLs when serving from the cloud (account-key SAS with a connection string, user-delegation SAS with managed identity).
/// </summary>
public sealed class AzureBlobMediaStore : CloudMediaStore, IDisposable
{
    /// <summary>The block size of uploads; files up to this size go up in one PUT.</summary>
    public const int BlockSize = 8 * 1024 * 1024;

    static readonly StorageTransferOptions Transfer = new()
    {
        InitialTransferSize = BlockSize,
        MaximumTransferSize = BlockSize,
        MaximumConcurrency = 2,
    };

    readonly BlobServiceClient _service;
    readonly BlobContainerClient _container;
    readonly SemaphoreSlim _delegationKeyLock = new(1, 1);
    UserDelegationKey? _delegationKey;

    /// <summary>Creates the store from validated settings.</summary>
    public AzureBlobMediaStore(MediaStorageOptions options, string tempDirectory)
        : base(options, tempDirectory)
    {
        // A pinned service version: the SDK's newest one is not always served yet (Azurite, older stamps).
        var clientOptions = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        _service = options.AzureConnectionString is { } connection
            ? new BlobServiceClient(connection, clientOptions)
            : new BlobServiceClient(
                options.AzureAccountUrl ?? throw new ArgumentException("An Azure connection string or account URL is required.", nameof(options)),
                new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.AzureClientId }),
                clientOptions);
        _container = _service.GetBlobContainerClient(options.Bucket);
    }

    /// <inheritdoc />
    public override string BackendName => "azure";

    /// <inheritdoc />
    protected override Task UploadFileAsync(string key, string path, string contentType, CancellationToken cancellationToken) =>
        this.WithContainerAsync(
            () => _container.GetBlobClient(key).UploadAsync(
                path,
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType }, TransferOptions = Transfer },
                cancellationToken),
            cancellationToken);

    /// <inheritdoc />
    protected override Task PutSmallObjectAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken) =>
        this.WithContainerAsync(
            () => _container.GetBlobClient(key).UploadAsync(
                BinaryData.FromBytes(content),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
                cancellationToken),
            cancellationToken);

    /// <summary>Runs an upload; when the container does not exist yet (a fresh Azurite, a new account) creates it once and uploads again.</summary>
    async Task WithContainerAsync(Func<Task> upload, CancellationToken cancellationToken)
    {
        try
        {
            await upload().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await upload().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override async Task<byte[]?> GetSmallObjectAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _container.GetBlobClient(key).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return response.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    protected override async Task<bool> DownloadToFileAsync(string key, string path, CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetBlobClient(key).DownloadToAsync(path, new BlobDownloadToOptions { TransferOptions = Transfer }, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <inheritdoc />
    protected override async Task<Stream> OpenObjectAsync(string key, long offset, long length, CancellationToken cancellationToken)
    {
        var response = await _container.GetBlobClient(key).DownloadStreamingAsync(
            new BlobDownloadOptions { Range = offset > 0 ? new HttpRange(offset) : default }, cancellationToken).ConfigureAwait(false);
        return response.Value.Content;
    }

    /// <inheritdoc />
    protected override async Task DeleteObjectAsync(string key, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(key).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async Task<Uri> CreateReadUrlAsync(string key, TimeSpan expiry, string contentType, string fileName, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(key);
        var expiresOn = DateTimeOffset.UtcNow + expiry;
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
        {
            BlobContainerName = _container.Name,
            BlobName = key,
            Resource = "b",
            ContentType = contentType,
            ContentDisposition = $"inline; filename=\"{fileName}\"",
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        // Managed identity has no account key: sign with a user delegation key, fetched once and reused while it covers the URL's lifetime.
        var key2 = await DelegationKeyAsync(expiresOn, cancellationToken).ConfigureAwait(false);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key2, _service.AccountName) }.ToUri();
    }

    async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset neededUntil, CancellationToken cancellationToken)
    {
        await _delegationKeyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_delegationKey is null || _delegationKey.SignedExpiresOn < neededUntil)
            {
                // Valid for the longest URL lifetime plus a day (the service allows up to 7 days), so it is renewed about daily.
                var until = DateTimeOffset.UtcNow + TimeSpan.FromDays(Math.Min(7, 1 + Options.UrlExpiry.TotalDays));
                _delegationKey = (await _service.GetUserDelegationKeyAsync(DateTimeOffset.UtcNow.AddMinutes(-5), until, cancellationToken).ConfigureAwait(false)).Value;
            }

            return _delegationKey;
        }
        finally
        {
            _delegationKeyLock.Release();
        }
    }

    /// <summary>Releases the lock that serialises user-delegation key renewals.</summary>
    public void Dispose() => _delegationKeyLock.Dispose();
}
