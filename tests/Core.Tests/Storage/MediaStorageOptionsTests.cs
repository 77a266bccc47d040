using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Tests.Storage;

public sealed class MediaStorageOptionsTests
{
    static MediaStorageOptions Read(params (string Key, string Value)[] settings)
    {
        var values = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        return MediaStorageOptions.FromSettings(values.GetValueOrDefault);
    }

    static string ErrorOf(params (string Key, string Value)[] settings) =>
        Assert.Throws<MediaStorageSettingsException>(() => Read(settings)).Message;

    [Fact]
    public void Nothing_set_means_local_storage_with_the_seed_defaults()
    {
        var options = Read();

        Assert.Equal(MediaStorageBackend.Local, options.Backend);
        Assert.False(options.ServeFromCloud);
        Assert.Equal(TimeSpan.FromSeconds(3600), options.UrlExpiry);
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public void A_cloud_backend_without_a_bucket_is_an_error_naming_STORAGE_BUCKET(string backend) =>
        Assert.StartsWith("STORAGE_BUCKET is not set", ErrorOf(("STORAGE_BACKEND", backend)));

    [Fact]
    public void An_unknown_backend_is_an_error_listing_the_choices() =>
        Assert.Equal("STORAGE_BACKEND is 'gcs'; set it to local, s3 or azure.", ErrorOf(("STORAGE_BACKEND", "gcs")));

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1h")]
    [InlineData("604801")]
    public void A_bad_url_expiry_is_an_error_naming_PRESIGNED_URL_EXPIRY(string value) =>
        Assert.StartsWith($"PRESIGNED_URL_EXPIRY is '{value}'", ErrorOf(("PRESIGNED_URL_EXPIRY", value)));

    [Fact]
    public void A_bad_flag_is_an_error_naming_SERVE_FROM_CLOUD() =>
        Assert.StartsWith("SERVE_FROM_CLOUD is 'maybe'", ErrorOf(("SERVE_FROM_CLOUD", "maybe")));

    [Fact]
    public void Azure_without_a_connection_string_or_account_url_is_an_error_naming_both()
    {
        string message = ErrorOf(("STORAGE_BACKEND", "azure"), ("STORAGE_BUCKET", "media"));

        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING", message);
        Assert.Contains("AZURE_STORAGE_ACCOUNT_URL", message);
    }

    [Fact]
    public void Half_a_static_aws_key_pair_is_an_error_naming_the_missing_half() =>
        Assert.StartsWith("AWS_SECRET_ACCESS_KEY is not set", ErrorOf(("STORAGE_BACKEND", "s3"), ("STORAGE_BUCKET", "media"), ("AWS_ACCESS_KEY_ID", "AKIA")));

    [Fact]
    public void S3_settings_use_the_standard_aws_variables()
    {
        var options = Read(
            ("STORAGE_BACKEND", "S3"), ("STORAGE_BUCKET", "media"), ("SERVE_FROM_CLOUD", "true"), ("PRESIGNED_URL_EXPIRY", "900"),
            ("AWS_REGION", "eu-west-1"), ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000"));

        Assert.Equal(MediaStorageBackend.S3, options.Backend);
        Assert.True(options.ServeFromCloud);
        Assert.Equal(TimeSpan.FromMinutes(15), options.UrlExpiry);
        Assert.Equal("eu-west-1", options.AwsRegion);
        Assert.Equal(new Uri("http://127.0.0.1:9000"), options.S3Endpoint);
        Assert.True(options.S3ForcePathStyle, "a custom endpoint defaults to path-style addressing");
        Assert.Null(options.AwsAccessKeyId);
    }

    [Fact]
    public void An_azure_account_url_selects_managed_identity()
    {
        var options = Read(
            ("STORAGE_BACKEND", "azure"), ("STORAGE_BUCKET", "media"), ("AZURE_STORAGE_ACCOUNT_URL", "https://acct.blob.core.windows.net"), ("AZURE_CLIENT_ID", "abc"));

        Assert.Equal(new Uri("https://acct.blob.core.windows.net"), options.AzureAccountUrl);
        Assert.Null(options.AzureConnectionString);
        Assert.Equal("abc", options.AzureClientId);
    }
}
