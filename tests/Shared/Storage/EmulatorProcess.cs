using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace MusicVideo.Tests.Shared.Storage;

/// <summary>
/// A storage emulator (npm package installed by eng/install-emulators.sh) run as a real node process on a free
/// loopback port in its own temp folder; killed and its folder deleted on dispose.
/// </summary>
sealed class EmulatorProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    EmulatorProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    /// <summary>The emulator's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>The emulator's data folder.</summary>
    public string Directory { get; }

    /// <summary>The http://127.0.0.1:PORT address it listens on.</summary>
    public Uri Address { get; private set; } = null!;

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

    /// <summary>The eng/emulators/node_modules folder of this checkout, or a failure that says how to install it.</summary>
    public static string ModulesDirectory()
    {
        string modules = Path.Combine(ServerProcess.RepositoryRoot, "eng", "emulators", "node_modules");
        return System.IO.Directory.Exists(Path.Combine(modules, "azurite")) && System.IO.Directory.Exists(Path.Combine(modules, "s3rver"))
            ? modules
            : throw new InvalidOperationException("The storage emulators are not installed; run ./eng/install-emulators.sh (./eng/test.sh does).");
    }

    /// <summary>The addresses of an emulator with several services (Azurite's blob, queue and table), by the regex's "service" group.</summary>
    public IReadOnlyDictionary<string, Uri> Services => _services;

    readonly Dictionary<string, Uri> _services = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Starts `node script args…` and waits for the line that <paramref name="listening"/> matches (group "address").</summary>
    public static Task<EmulatorProcess> StartAsync(string name, string script, Func<string, IEnumerable<string>> arguments, Regex listening)
        => StartAsync(name, script, arguments, listening, services: 1);

    /// <summary>Starts `node script args…` and waits until <paramref name="services"/> lines matched <paramref name="listening"/> (groups "address" and, optionally, "service").</summary>
    public static async Task<EmulatorProcess> StartAsync(string name, string script, Func<string, IEnumerable<string>> arguments, Regex listening, int services)
    {
        string directory = Path.Combine(Path.GetTempPath(), "mv-emulators", $"{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (string argument in arguments(directory))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node for " + name);
        var emulator = new EmulatorProcess(process, directory);
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (emulator._output)
            {
                emulator._output.AppendLine(line);
            }

            if (listening.Match(line) is { Success: true } match)
            {
                string found = match.Groups["address"].Value;
                var uri = new Uri(found.Contains("://", StringComparison.Ordinal) ? found : "http://" + found);
                lock (emulator._services)
                {
                    emulator._services[match.Groups["service"].Value] = uri;
                    if (emulator._services.Count >= services)
                    {
                        address.TrySetResult(uri);
                    }
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var first = await Task.WhenAny(address.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != address.Task)
        {
            await emulator.DisposeAsync();
            throw new InvalidOperationException($"{name} did not start:\n{emulator.Output}");
        }

        emulator.Address = address.Task.Result;
        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
