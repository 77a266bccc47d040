using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MusicVideo.Core.Media;

/// <summary>Runs ffmpeg and ffprobe with argument lists (never a shell), with cancellation, progress and stderr capture.</summary>
public sealed class FfmpegRunner
{
    const int StderrTailLines = 40;
    const string InstallHint =
        "Install it with eng/install-deps.sh (or `sudo apt-get install -y ffmpeg fonts-dejavu-core`), " +
        "or point FfmpegOptions at the executable.";

    /// <summary>Creates a runner over the given executables (PATH lookups by default).</summary>
    public FfmpegRunner(FfmpegOptions? options = null)
    {
        Options = options ?? FfmpegOptions.Default;
    }

    /// <summary>The executable locations and defaults in use.</summary>
    public FfmpegOptions Options { get; }

    /// <summary>Runs ffmpeg with the arguments (after the common quiet/progress flags) and reports out_time progress.</summary>
    public async Task<FfmpegRunResult> RunFfmpegAsync(
        IEnumerable<string> arguments,
        TimeSpan? expectedDuration = null,
        IProgress<FfmpegProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        // -nostdin: ffmpeg must never wait on a terminal; -progress pipe:1 gives machine-readable progress on stdout.
        var args = new List<string> { "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-progress", "pipe:1", "-y" };
        args.AddRange(arguments);
        var parser = new ProgressParser(expectedDuration, progress);
        return await RunAsync(Options.FfmpegPath, "ffmpeg", args, parser.OnLine, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs ffprobe with the arguments and returns its stdout.</summary>
    public Task<FfmpegRunResult> RunFfprobeAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var args = new List<string> { "-hide_banner", "-v", "error" };
        args.AddRange(arguments);
        return RunAsync(Options.FfprobePath, "ffprobe", args, null, cancellationToken);
    }

    /// <summary>Returns the first line of <c>ffmpeg -version</c>, failing with install instructions when ffmpeg is missing.</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(Options.FfmpegPath, "ffmpeg", ["-hide_banner", "-version"], null, cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Split('\n', 2)[0].Trim();
    }

    /// <summary>Appends <c>-threads N</c> when the options pin a thread count.</summary>
    internal void AddThreads(List<string> args)
    {
        if (Options.Threads is { } threads && threads > 0)
        {
            args.Add("-threads");
            args.Add(threads.ToString(CultureInfo.InvariantCulture));
        }
    }

    static async Task<FfmpegRunResult> RunAsync(
        string executable, string tool, IReadOnlyList<string> args, Func<string, bool>? stdoutLineHandler, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string resolved = ChildProcessLauncher.Resolve(executable)
            ?? throw new FfmpegException($"{tool} could not be started from '{executable}': the executable was not found. {InstallHint}", null, null);
        var startInfo = new ProcessStartInfo(resolved)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = ChildProcessLauncher.Wrap(startInfo) };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await ChildProcessLauncher.StartAsync(process).ConfigureAwait(false);
        }
        catch (Win32Exception ex)
        {
            throw new FfmpegException($"{tool} could not be started from '{executable}': {ex.Message}. {InstallHint}", null, null, ex);
        }

        var stdout = new StringBuilder();
        var stderrTail = new Queue<string>();
        var stdoutTask = PumpAsync(process.StandardOutput, line =>
        {
            // Progress lines are consumed by the handler; anything else is real output.
            if (stdoutLineHandler?.Invoke(line) != true)
            {
                stdout.AppendLine(line);
            }
        });
        var stderrTask = PumpAsync(process.StandardError, line =>
        {
            lock (stderrTail)
            {
                stderrTail.Enqueue(line);
                if (stderrTail.Count > StderrTailLines)
                {
                    stderrTail.Dequeue();
                }
            }
        });

        using (cancellationToken.Register(() => Kill(process)))
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAll(stdoutTask, stderrTask).ConfigureAwait(false);
        }

        stopwatch.Stop();
        string tail;
        lock (stderrTail)
        {
            tail = string.Join('\n', stderrTail);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            // The message travels into job errors and API responses, so folders are cut from paths; the full
            // stderr tail and argument list stay on the exception for logs.
            var detail = tail.Length > 0 ? PathText.RemovePointers(PathText.KeepFileNames(tail)) : "(no output on stderr)";
            throw new FfmpegException($"{tool} exited with code {process.ExitCode}: {detail}", process.ExitCode, tail)
            {
                Arguments = FormatArguments(args),
            };
        }

        return new FfmpegRunResult(stopwatch.Elapsed, stdout.ToString(), tail);
    }

    static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line);
        }
    }

    static void Kill(Process process)
    {
        try
        {
            // The whole tree: ffmpeg itself spawns no children, but a wrapper script might.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting concurrently.
        }
    }

    static string FormatArguments(IReadOnlyList<string> args) =>
        string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));

    static bool IsProgressKey(ReadOnlySpan<char> key)
    {
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    sealed class ProgressParser(TimeSpan? expectedDuration, IProgress<FfmpegProgress>? progress)
    {
        TimeSpan _outTime;
        double? _speed;

        public bool OnLine(string line)
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !IsProgressKey(line.AsSpan(0, eq)))
            {
                return false;
            }

            var key = line[..eq];
            var value = line[(eq + 1)..].Trim();
            switch (key)
            {
                case "out_time_us" or "out_time_ms":
                    // Both keys carry microseconds (out_time_ms is misnamed in ffmpeg); N/A appears before the first frame.
                    if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var us) && us >= 0)
                    {
                        _outTime = TimeSpan.FromTicks(us * 10);
                    }

                    return true;
                case "speed":
                    _speed = double.TryParse(value.TrimEnd('x'), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
                    return true;
                case "progress":
                    if (progress is not null)
                    {
                        double? fraction = expectedDuration is { TotalSeconds: > 0 } d
                            ? Math.Clamp(_outTime.TotalSeconds / d.TotalSeconds, 0, 1)
                            : null;
                        if (value == "end" && expectedDuration is not null)
                        {
                            fraction = 1;
                        }

                        progress.Report(new FfmpegProgress(_outTime, fraction, _speed));
                    }

                    return true;
                default:
                    // frame, fps, bitrate, total_size, stream_*_q …: progress keys we do not use.
                    return true;
            }
        }
    }
}
