using System.Diagnostics;
using System.Text;

namespace MusicVideo.Tests.Shared;

/// <summary>Runs a real server process (dotnet &lt;dll&gt;) on a free loopback port and reads its address from its log.</summary>
sealed class ServerProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    ServerProcess(Process process) => _process = process;

    public string BaseUrl { get; private set; } = string.Empty;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The server's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>The repository's root folder (where MusicVideo.sln is), found above this test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            string root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "MusicVideo.sln")))
            {
                root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("MusicVideo.sln not found above " + AppContext.BaseDirectory);
            }

            return root;
        }
    }

    /// <summary>Finds a project's build output next to this test assembly's configuration (Debug/Release).</summary>
    public static string FindAssembly(string projectFolder, string assemblyName)
    {
        string here = AppContext.BaseDirectory;
        string root = RepositoryRoot;
        string configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string path = Path.Combine(root, projectFolder, "bin", configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first; missing " + path);
    }

    public static async Task<ServerProcess> StartAsync(string assemblyPath, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(assemblyPath);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + assemblyPath);
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new ServerProcess(process);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (server._output)
            {
                server._output.AppendLine(line);
            }

            const string marker = "Now listening on: ";
            int at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                address.TrySetResult(line[(at + marker.Length)..].Trim());
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(address.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != address.Task)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            throw new InvalidOperationException("The server did not start:\n" + server.Output);
        }

        server.BaseUrl = address.Task.Result;
        return server;
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await this.KillAsync();
        _process.Dispose();
    }
}
