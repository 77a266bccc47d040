using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace MusicVideo.Core.Storage;

/// <summary>
/// Media in an S3 bucket (AWS or an S3-compatible endpoint): multipart uploads for large files (parts read from
/// the file, two in flight, so memory stays bounded), presigned GET URLs when serving from the cloud.
/// </summary>
public sealed class S3MediaStore : CloudMediaStore, IDisposable
{
    /// <summary>The part size of multipart uploads; files up to twice this go up in one PUT.</summary>
    public const long PartSize = 8 * 1024 * 1024;

    /// <summary>How many parts of one upload are sent at once.</summary>
    public const int PartsInFlight = 2;

    readonly AmazonS3Client _client;
    readonly bool _plainHttp;

    /// <summary>Creates the store from validated settings.</summary>
    public S3MediaStore(MediaStorageOptions options, string tempDirectory)
        : base(options, tempDirectory)
    {
        var config = new AmazonS3Config { ForcePathStyle = options.S3ForcePathStyle };
        if (options.S3Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = options.AwsRegion;
            _plainHttp = endpoint.Scheme == Uri.UriSchemeHttp;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.AwsRegion);
        }

        _client = options.AwsAccessKeyId is { } keyId
            ? new AmazonS3Client(
                options.AwsSessionToken is { } token
                    ? new SessionAWSCredentials(keyId, options.AwsSecretAccessKey, token)
                    : new BasicAWSCredentials(keyId, options.AwsSecretAccessKey),
                config)
            : new AmazonS3Client(config);
    }

    /// <inheritdoc />
    public override string BackendName => "s3";

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    /// <inheritdoc />
    protected override async Task UploadFileAsync(string key, string path, string contentType, CancellationToken cancellationToken)
    {
        long size = new FileInfo(path).Length;
        if (size <= 2 * PartSize)
        {
            // UseChunkEncoding=false: S3-compatible servers that do not decode aws-chunked bodies would store the chunk framing.
            await _client.PutObjectAsync(
                new PutObjectRequest { BucketName = Bucket, Key = key, FilePath = path, ContentType = contentType, UseChunkEncoding = false },
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var started = await _client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key, ContentType = contentType }, cancellationToken).ConfigureAwait(false);
        try
        {
            // Parts are read from the file by the SDK (no part is buffered whole); a few go up at once to use the bandwidth.
            int count = (int)((size + PartSize - 1) / PartSize);
            var parts = new PartETag[count];
            using var slots = new SemaphoreSlim(PartsInFlight);
            await Task.WhenAll(Enumerable.Range(0, count).Select(async index =>
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    long position = index * PartSize;
                    var part = await _client.UploadPartAsync(
                        new UploadPartRequest
                        {
                            BucketName = Bucket,
                            Key = key,
                            UploadId = started.UploadId,
                            PartNumber = index + 1,
                            FilePath = path,
                            FilePosition = position,
                            PartSize = Math.Min(PartSize, size - position),
                            UseChunkEncoding = false,
                        },
                        cancellationToken).ConfigureAwait(false);
                    parts[index] = new PartETag(index + 1, part.ETag);
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);

            // Only now does the object appear under its key.
            await _client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = started.UploadId, PartETags = [.. parts] },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Best effort: a bucket lifecycle rule should also abort incomplete uploads (the seed's bucket does after 7 days).
            try
            {
                await _client.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = started.UploadId }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AmazonServiceException)
            {
            }

            throw;
        }
    }

    /// <inheritdoc />
    protected override async Task PutSmallObjectAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(content, writable: false);
        await _client.PutObjectAsync(
            new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = body, ContentType = contentType, UseChunkEncoding = false, AutoCloseStream = false },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<byte[]?> GetSmallObjectAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    protected override async Task<bool> DownloadToFileAsync(string key, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            await using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await response.ResponseStream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    protected override async Task<Stream> OpenObjectAsync(string key, long offset, long length, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest { BucketName = Bucket, Key = key };
        if (offset > 0)
        {
            request.ByteRange = new ByteRange(offset, length - 1);
        }

        var response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
        return new OwningStream(response.ResponseStream, response);
    }

    /// <inheritdoc />
    protected override async Task DeleteObjectAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <inheritdoc />
    protected override async Task<Uri> CreateReadUrlAsync(string key, TimeSpan expiry, string contentType, string fileName, CancellationToken cancellationToken)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow + expiry,
            Protocol = _plainHttp ? Protocol.HTTP : Protocol.HTTPS,
        };
        request.ResponseHeaderOverrides.ContentType = contentType;
        request.ResponseHeaderOverrides.ContentDisposition = $"inline; filename=\"{fileName}\"";
        return new Uri(await _client.GetPreSignedURLAsync(request).ConfigureAwait(false));
    }
}
