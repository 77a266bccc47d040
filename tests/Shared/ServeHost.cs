namespace MusicVideo.Tests.Shared;

/// <summary>
/// A real `musicvideo serve` process over its own temporary data folder, with an HTTP client on it; it can be killed and
/// restarted over the same data, with the same or other settings, and deletes the folder when disposed.
/// </summary>
abstract class ServeHost : IAsyncDisposable
{
    IReadOnlyDictionary<string, string> _switches;
    ServerProcess? _process;
    HttpClient? _http;

    /// <summary>Creates the data folder under <c>{temp}/{suite}</c>; <see cref="StartAsync"/> starts the process.</summary>
    protected ServeHost(string suite, IReadOnlyDictionary<string, string>? switches)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), suite, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _switches = switches ?? new Dictionary<string, string>();
    }

    /// <summary>The MV_DATA_DIR of this server (kept across restarts).</summary>
    public string DataDirectory { get; }

    /// <summary>A client whose BaseAddress is the server (relative URLs in answers resolve against it).</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("The server is not started.");

    public string BaseUrl => Process.BaseUrl;

    /// <summary>The server's process id (to SIGKILL it alone, without its children).</summary>
    public int Pid => Process.Pid;

    /// <summary>The process log (for failure messages).</summary>
    public string Output => Process.Output;

    /// <summary>How long one request of <see cref="Http"/> may take.</summary>
    protected abstract TimeSpan RequestTimeout { get; }

    ServerProcess Process => _process ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>SIGKILLs the server, as a crash would.</summary>
    public Task KillAsync() => Process.KillAsync();

    /// <summary>Starts a new server process over the same data folder with other settings (a configuration change across a restart).</summary>
    public Task RestartAsync(IReadOnlyDictionary<string, string> switches)
    {
        _switches = switches;
        return this.RestartAsync();
    }

    /// <summary>Starts a new server process over the same data folder and settings (after <see cref="KillAsync"/>, or to stop it first).</summary>
    public async Task RestartAsync()
    {
        await Process.DisposeAsync();
        _process = null;
        _http?.Dispose();
        _http = null;
        await this.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Starts <paramref name="host"/>'s first process; a server that does not start (a start-up error) throws and leaves nothing behind.</summary>
    protected static async Task<T> StartAsync<T>(T host)
        where T : ServeHost
    {
        try
        {
            await host.LaunchAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    async Task LaunchAsync()
    {
        var environment = new Dictionary<string, string>(_switches) { ["MV_DATA_DIR"] = DataDirectory };
        this.AddEnvironment(environment);
        _process = await ServerProcess.StartAsync(ServerProcess.FindAssembly(Path.Combine("src", "Server"), "musicvideo"), ["serve"], environment);
        _http = new HttpClient { BaseAddress = new Uri(_process.BaseUrl), Timeout = RequestTimeout };
    }

    /// <summary>Adds what every launch of this kind of server needs besides its settings.</summary>
    protected virtual void AddEnvironment(IDictionary<string, string> environment)
    {
    }
}
