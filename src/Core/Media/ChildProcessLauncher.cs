using System.Collections.Concurrent;
using System.Diagnostics;

namespace MusicVideo.Core.Media;

/// <summary>
/// Starts ffmpeg/ffprobe so they die with this process. On Linux each child is started through
/// <c>setpriv --pdeathsig KILL</c> (util-linux), so a SIGKILLed server leaves no orphan writing into its folders.
/// The parent-death signal fires when the forking <em>thread</em> exits, so every child is forked by one dedicated
/// thread that lives as long as the process. Without setpriv, children start directly (orphans are then possible,
/// and renders use fresh output paths so an orphan never writes into a restarted render's file).
/// </summary>
internal static class ChildProcessLauncher
{
    static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Queue = new();
    static readonly Lazy<string?> Setpriv = new(FindSetpriv);
    static readonly Lazy<Thread> Launcher = new(StartLauncher);

    /// <summary>True when children get a parent-death signal (Linux with setpriv).</summary>
    public static bool DiesWithParent => Setpriv.Value is not null;

    /// <summary>Rewrites a start request to go through setpriv when available; the executable must already be resolved.</summary>
    public static ProcessStartInfo Wrap(ProcessStartInfo info)
    {
        if (Setpriv.Value is not { } setpriv)
        {
            return info;
        }

        var wrapped = new ProcessStartInfo(setpriv)
        {
            RedirectStandardOutput = info.RedirectStandardOutput,
            RedirectStandardError = info.RedirectStandardError,
            RedirectStandardInput = info.RedirectStandardInput,
            UseShellExecute = false,
            CreateNoWindow = info.CreateNoWindow,
            StandardOutputEncoding = info.StandardOutputEncoding,
            StandardErrorEncoding = info.StandardErrorEncoding,
            WorkingDirectory = info.WorkingDirectory,
        };
        wrapped.ArgumentList.Add("--pdeathsig");
        wrapped.ArgumentList.Add("KILL");
        wrapped.ArgumentList.Add("--");
        wrapped.ArgumentList.Add(info.FileName);
        foreach (var arg in info.ArgumentList)
        {
            wrapped.ArgumentList.Add(arg);
        }

        return wrapped;
    }

    /// <summary>Starts the process on the launcher thread (so the parent-death signal is tied to the process, not a pool thread).</summary>
    public static Task StartAsync(Process process)
    {
        if (!DiesWithParent)
        {
            process.Start();
            return Task.CompletedTask;
        }

        _ = Launcher.Value;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((process, started));
        return started.Task;
    }

    /// <summary>Finds an executable on PATH (or checks a path), or returns null.</summary>
    public static string? Resolve(string executable)
    {
        if (executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(executable) ? Path.GetFullPath(executable) : null;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    static string? FindSetpriv()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MV_NO_PDEATHSIG") == "1")
        {
            return null;
        }

        return Resolve("setpriv");
    }

    static Thread StartLauncher()
    {
        var thread = new Thread(() =>
        {
            foreach (var (process, started) in Queue.GetConsumingEnumerable())
            {
                try
                {
                    process.Start();
                    started.SetResult();
                }
                catch (Exception ex)
                {
                    started.SetException(ex);
                }
            }
        })
        {
            IsBackground = true,
            Name = "ffmpeg launcher",
        };
        thread.Start();
        return thread;
    }
}
