using Xunit;

namespace MusicVideo.Tests.Shared.Storage;

/// <summary>
/// Azurite (Blob service) and s3rver started together for one test class and killed after it; the test projects' cloud-store
/// fixtures derive from it and add their own bucket helpers.
/// </summary>
/// <remarks>Needs xunit, so the benchmark project leaves this file out of its copy of the emulator launchers.</remarks>
public abstract class CloudStorageEmulatorsFixture : IAsyncLifetime
{
    Azurite? _azurite;
    S3rver? _s3rver;

    internal Azurite Azurite => _azurite ?? throw new InvalidOperationException("The emulators are not started.");

    internal S3rver S3rver => _s3rver ?? throw new InvalidOperationException("The emulators are not started.");

    /// <summary>Starts both emulators at once; when one fails, the other is killed before the failure surfaces.</summary>
    public async Task InitializeAsync()
    {
        var azurite = Azurite.StartAsync();
        var s3rver = S3rver.StartAsync();
        try
        {
            await Task.WhenAll(azurite, s3rver);
        }
        catch
        {
            await DisposeStartedAsync(azurite);
            await DisposeStartedAsync(s3rver);
            throw;
        }

        (_azurite, _s3rver) = (azurite.Result, s3rver.Result);
    }

    /// <summary>Kills both emulators and deletes their folders.</summary>
    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        if (_s3rver is not null)
        {
            await _s3rver.DisposeAsync();
        }
    }

    static async Task DisposeStartedAsync<T>(Task<T> start)
        where T : IAsyncDisposable
    {
        if (start.IsCompletedSuccessfully)
        {
            await start.Result.DisposeAsync();
        }
    }
}
