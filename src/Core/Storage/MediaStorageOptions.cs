using System.Globalization;

namespace MusicVideo.Core.Storage;

/// <summary>
/// Media storage settings, named as in the seed (<c>STORAGE_BACKEND</c>, <c>STORAGE_BUCKET</c>, <c>SERVE_FROM_CLOUD</c>,
/// <c>PRESIGNED_URL_EXPIRY</c>) plus the standard AWS variables and an Azure connection string or account URL.
/// </summary>
public sealed record MediaStorageOptions
{
    /// <summary>The largest presigned URL lifetime S3 accepts (7 days), also applied to SAS URLs.</summary>
    public const int MaxUrlExpirySeconds = 7 * 24 * 3600;

    /// <summary>The default: media in the local data folder.</summary>
    public static readonly MediaStorageOptions Local = new();

    /// <summary>Gets the backend (<c>STORAGE_BACKEND</c>: local, s3 or azure; default local).</summary>
    public MediaStorageBackend Backend { get; init; } = MediaStorageBackend.Local;

    /// <summary>Gets the S3 bucket or Azure container (<c>STORAGE_BUCKET</c>); required for s3 and azure.</summary>
    public string? Bucket { get; init; }

    /// <summary>
    /// Gets whether clients fetch media straight from the cloud (<c>SERVE_FROM_CLOUD</c>): media URLs are fresh presigned (S3)
    /// or SAS (Azure) URLs. When false, the API streams cloud media itself (with ranges), so every URL is an API route.
    /// </summary>
    public bool ServeFromCloud { get; init; }

    /// <summary>Gets how long a presigned or SAS URL stays valid (<c>PRESIGNED_URL_EXPIRY</c>, seconds; default 3600).</summary>
    public TimeSpan UrlExpiry { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets the AWS region (<c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>; default us-east-1).</summary>
    public string AwsRegion { get; init; } = "us-east-1";

    /// <summary>Gets a custom S3 endpoint (<c>AWS_ENDPOINT_URL_S3</c>, else <c>AWS_ENDPOINT_URL</c>), e.g. MinIO or an emulator.</summary>
    public Uri? S3Endpoint { get; init; }

    /// <summary>Gets whether to address the bucket in the path instead of the host name (<c>S3_FORCE_PATH_STYLE</c>; default: true when an endpoint is set).</summary>
    public bool S3ForcePathStyle { get; init; }

    /// <summary>Gets the static access key id (<c>AWS_ACCESS_KEY_ID</c>); null uses the SDK's credential chain (profile, IAM role).</summary>
    public string? AwsAccessKeyId { get; init; }

    /// <summary>Gets the static secret key (<c>AWS_SECRET_ACCESS_KEY</c>).</summary>
    public string? AwsSecretAccessKey { get; init; }

    /// <summary>Gets the session token of temporary credentials (<c>AWS_SESSION_TOKEN</c>).</summary>
    public string? AwsSessionToken { get; init; }

    /// <summary>Gets the Azure Storage connection string (<c>AZURE_STORAGE_CONNECTION_STRING</c>); account-key SAS URLs.</summary>
    public string? AzureConnectionString { get; init; }

    /// <summary>Gets the Blob service URL (<c>AZURE_STORAGE_ACCOUNT_URL</c>), used with managed identity; user-delegation SAS URLs.</summary>
    public Uri? AzureAccountUrl { get; init; }

    /// <summary>Gets the client id of a user-assigned managed identity (<c>AZURE_CLIENT_ID</c>); null uses the system-assigned one.</summary>
    public string? AzureClientId { get; init; }

    /// <summary>Reads and validates the settings from environment variables.</summary>
    /// <exception cref="MediaStorageSettingsException">A setting is missing or invalid (the message names it).</exception>
    public static MediaStorageOptions FromEnvironment() => FromSettings(Environment.GetEnvironmentVariable);

    /// <summary>Reads and validates the settings from any key/value source (environment, <c>IConfiguration</c>).</summary>
    /// <exception cref="MediaStorageSettingsException">A setting is missing or invalid (the message names it).</exception>
    public static MediaStorageOptions FromSettings(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        string? Get(string name) => read(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var backend = Get("STORAGE_BACKEND")?.ToLowerInvariant() switch
        {
            null or "local" => MediaStorageBackend.Local,
            "s3" => MediaStorageBackend.S3,
            "azure" or "azureblob" or "azure_blob" => MediaStorageBackend.Azure,
            var other => throw new MediaStorageSettingsException($"STORAGE_BACKEND is '{other}'; set it to local, s3 or azure."),
        };
        var options = new MediaStorageOptions
        {
            Backend = backend,
            Bucket = Get("STORAGE_BUCKET"),
            ServeFromCloud = Flag(Get("SERVE_FROM_CLOUD"), "SERVE_FROM_CLOUD", false),
            UrlExpiry = TimeSpan.FromSeconds(Seconds(Get("PRESIGNED_URL_EXPIRY"))),
        };
        if (backend == MediaStorageBackend.Local)
        {
            return options;
        }

        if (options.Bucket is null)
        {
            throw new MediaStorageSettingsException(
                $"STORAGE_BUCKET is not set; STORAGE_BACKEND={backend.ToString().ToLowerInvariant()} needs the {(backend == MediaStorageBackend.S3 ? "S3 bucket" : "Blob container")} to store media in.");
        }

        if (backend == MediaStorageBackend.S3)
        {
            Uri? endpoint = AbsoluteUrl(Get("AWS_ENDPOINT_URL_S3"), "AWS_ENDPOINT_URL_S3") ?? AbsoluteUrl(Get("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL");
            string? keyId = Get("AWS_ACCESS_KEY_ID");
            string? secret = Get("AWS_SECRET_ACCESS_KEY");
            if ((keyId is null) != (secret is null))
            {
                throw new MediaStorageSettingsException(keyId is null
                    ? "AWS_ACCESS_KEY_ID is not set but AWS_SECRET_ACCESS_KEY is; set both, or neither to use the SDK's credential chain (profile, IAM role)."
                    : "AWS_SECRET_ACCESS_KEY is not set but AWS_ACCESS_KEY_ID is; set both, or neither to use the SDK's credential chain (profile, IAM role).");
            }

            return options with
            {
                AwsRegion = Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION") ?? "us-east-1",
                S3Endpoint = endpoint,
                S3ForcePathStyle = Flag(Get("S3_FORCE_PATH_STYLE"), "S3_FORCE_PATH_STYLE", endpoint is not null),
                AwsAccessKeyId = keyId,
                AwsSecretAccessKey = secret,
                AwsSessionToken = Get("AWS_SESSION_TOKEN"),
            };
        }

        string? connection = Get("AZURE_STORAGE_CONNECTION_STRING");
        Uri? accountUrl = AbsoluteUrl(Get("AZURE_STORAGE_ACCOUNT_URL"), "AZURE_STORAGE_ACCOUNT_URL");
        if (connection is null && accountUrl is null)
        {
            throw new MediaStorageSettingsException(
                "AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL is not set; STORAGE_BACKEND=azure needs one of them "
                + "(the account URL, e.g. https://ACCOUNT.blob.core.windows.net, signs in with managed identity).");
        }

        return options with { AzureConnectionString = connection, AzureAccountUrl = connection is null ? accountUrl : null, AzureClientId = Get("AZURE_CLIENT_ID") };
    }

    static bool Flag(string? value, string name, bool fallback) => value?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new MediaStorageSettingsException($"{name} is '{value}'; set it to true or false."),
    };

    static int Seconds(string? value)
    {
        if (value is null)
        {
            return 3600;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds is >= 1 and <= MaxUrlExpirySeconds
            ? seconds
            : throw new MediaStorageSettingsException($"PRESIGNED_URL_EXPIRY is '{value}'; set it to a whole number of seconds from 1 to {MaxUrlExpirySeconds} (7 days).");
    }

    static Uri? AbsoluteUrl(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new MediaStorageSettingsException($"{name} is '{value}'; set it to an http(s) URL.");
    }
}
