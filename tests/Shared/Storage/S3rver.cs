using System.Text.RegularExpressions;

namespace MusicVideo.Tests.Shared.Storage;

/// <summary>s3rver (npm 3.7.1), a local S3 server, on 127.0.0.1 with a free port, its own folder and pre-created buckets.</summary>
sealed partial class S3rver : IAsyncDisposable
{
    /// <summary>s3rver's built-in credentials.</summary>
    public const string AccessKeyId = "S3RVER";

    /// <summary>s3rver's built-in secret.</summary>
    public const string SecretAccessKey = "S3RVER";

    readonly EmulatorProcess _process;

    S3rver(EmulatorProcess process) => _process = process;

    /// <summary>The endpoint, http://127.0.0.1:PORT.</summary>
    public Uri Endpoint => _process.Address;

    /// <summary>The data folder (s3rver keeps in-progress multipart uploads here, under uploads/{id}/key).</summary>
    public string Directory => _process.Directory;

    public string Output => _process.Output;

    /// <summary>Starts the server with the given buckets created.</summary>
    public static async Task<S3rver> StartAsync(params string[] buckets)
    {
        string modules = EmulatorProcess.ModulesDirectory();
        var process = await EmulatorProcess.StartAsync(
            "s3rver",
            Path.Combine(modules, "s3rver", "bin", "s3rver.js"),
            directory =>
            {
                var args = new List<string> { "--directory", directory, "--address", "127.0.0.1", "--port", "0", "--silent", "--no-vhost-buckets" };
                foreach (string bucket in buckets)
                {
                    args.AddRange(["--configure-bucket", bucket]);
                }

                return args;
            },
            Listening());
        return new S3rver(process);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"S3rver listening on (?<address>[0-9.]+:\d+)")]
    private static partial Regex Listening();
}
