using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Providers.Local;

/// <summary>
/// Crash-safe local job folders shared by the local generators: <c>{root}/{jobId}/request.json</c>, <c>output.*</c>,
/// <c>done.json</c> or <c>failed.json</c>, and <c>{root}/renders.log</c> with one line per actual render (time, kind, job id, process id).
/// </summary>
internal sealed class LocalJobRunner<TRequest> : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    static readonly Lock RenderLogLock = new();
    readonly string _kind;
    readonly string _outputFileName;
    readonly LocalProviderOptions _options;
    readonly Func<TRequest, string> _promptOf;
    readonly Func<TRequest, string, string, CancellationToken, Task> _render;
    readonly ConcurrentDictionary<string, Lazy<Task>> _running = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, byte> _active = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, CancellationTokenSource> _cancels = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _slots;
    readonly CancellationTokenSource _shutdown = new();

    public LocalJobRunner(
        string root, string kind, string outputFileName, LocalProviderOptions options,
        Func<TRequest, string> promptOf, Func<TRequest, string, string, CancellationToken, Task> render)
    {
        Root = Path.GetFullPath(root);
        _kind = kind;
        _outputFileName = outputFileName;
        _options = options;
        _promptOf = promptOf;
        _render = render;
        _slots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentRenders));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string RendersLogPath => Path.Combine(Root, "renders.log");

    public string OutputPath(string jobId) => Path.Combine(JobDirectory(jobId), _outputFileName);

    public static string JobIdFor(string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32];

    public async Task<ProviderJob> SubmitAsync(TRequest request, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        var jobId = JobIdFor(idempotencyKey);
        var dir = JobDirectory(jobId);
        var requestPath = Path.Combine(dir, "request.json");
        var requestJson = JsonSerializer.Serialize(request, Json);
        var isNew = false;
        if (File.Exists(requestPath))
        {
            var existing = await File.ReadAllTextAsync(requestPath, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(existing, requestJson, StringComparison.Ordinal))
            {
                throw new ProviderException(
                    $"Idempotency key '{idempotencyKey}' was already used for a different {_kind} request (job {jobId}).",
                    ProviderErrorReason.Validation);
            }
        }
        else
        {
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "idempotency_key.txt"), idempotencyKey, cancellationToken).ConfigureAwait(false);
            // request.json appears atomically: its presence is what makes the job exist after a crash.
            await AtomicFile.WriteAllTextAsync(requestPath, requestJson, cancellationToken).ConfigureAwait(false);
            isNew = true;
        }

        if (!IsFinished(dir))
        {
            EnsureStarted(jobId);
        }

        return new ProviderJob(jobId, isNew);
    }

    public async Task<ProviderJobStatus> PollAsync(string jobId, CancellationToken cancellationToken)
    {
        var dir = RequireJobDirectory(jobId);
        var failedPath = Path.Combine(dir, "failed.json");
        if (File.Exists(Path.Combine(dir, "done.json")))
        {
            return new ProviderJobStatus(ProviderJobState.Succeeded, Progress: 1);
        }

        if (File.Exists(failedPath))
        {
            var failure = JsonSerializer.Deserialize<FailureRecord>(
                await File.ReadAllTextAsync(failedPath, cancellationToken).ConfigureAwait(false), Json)!;
            return ProviderJobStatus.Failed(failure.Error, failure.Reason, failure.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null);
        }

        // A job that is neither done nor failed and not running here was interrupted (crash/restart): rendering locally is free, so restart it.
        EnsureStarted(jobId);
        return new ProviderJobStatus(_active.ContainsKey(jobId) ? ProviderJobState.Running : ProviderJobState.Queued);
    }

    public async Task FetchAsync(string jobId, string destinationPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        var dir = RequireJobDirectory(jobId);
        if (!File.Exists(Path.Combine(dir, "done.json")))
        {
            throw new ProviderException($"Local {_kind} job {jobId} has not succeeded; poll until it does before fetching.", ProviderErrorReason.Validation);
        }

        var destination = Path.GetFullPath(destinationPath);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        // A hard link keeps one copy of the bytes on disk (the media store then renames it into place); renders never
        // rewrite output files in place, so the two names cannot diverge. Another file system gets a copy.
        var link = AtomicFile.TempPathFor(destination);
        if (HardLink.TryCreate(OutputPath(jobId), link))
        {
            File.Move(link, destination, overwrite: true);
            return;
        }

        await AtomicFile.CopyAsync(OutputPath(jobId), destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels the jobs submitted with these keys: running renders are killed, and jobs not yet started never start.</summary>
    /// <remarks>
    /// Every cancellation is recorded as its job's failure before any render is killed, so it holds across restarts and
    /// against a late submit, and a job that gets the slot a killed render frees finds itself cancelled.
    /// </remarks>
    public async Task CancelAsync(IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKeys);
        var jobIds = idempotencyKeys.Where(k => !string.IsNullOrEmpty(k)).Select(JobIdFor).Distinct().ToList();
        foreach (var jobId in jobIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = JobDirectory(jobId);
            Directory.CreateDirectory(dir);
            if (!IsFinished(dir))
            {
                await WriteFailureAsync(dir, new FailureRecord($"The {_kind} job was canceled.", ProviderErrorReason.Canceled, null)).ConfigureAwait(false);
            }
        }

        foreach (var jobId in jobIds)
        {
            if (_cancels.TryGetValue(jobId, out var running))
            {
                await running.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Removes a finished job's folder (its output's bytes stay while the media store links them); unknown ids are ignored.</summary>
    public Task DeleteAsync(string jobId)
    {
        if (jobId is not { Length: 32 } || !jobId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return Task.CompletedTask;
        }

        var dir = JobDirectory(jobId);
        if (Directory.Exists(dir) && IsFinished(dir) && !_running.ContainsKey(jobId))
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Busy or vanished: harmless, the bytes are freed when the folder goes.
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        // Cancelling kills running ffmpeg processes; their jobs stay unfinished and restart on the next poll, as after a crash.
        _shutdown.Cancel();
    }

    string JobDirectory(string jobId) => Path.Combine(Root, jobId);

    string RequireJobDirectory(string jobId)
    {
        // Job ids are 32 lowercase hex digits; anything else could escape the folder.
        if (jobId is not { Length: 32 } || !jobId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ProviderException($"'{jobId}' is not a local {_kind} job id.", ProviderErrorReason.Validation);
        }

        var dir = JobDirectory(jobId);
        if (!File.Exists(Path.Combine(dir, "request.json")))
        {
            throw new ProviderException($"Local {_kind} job {jobId} does not exist.", ProviderErrorReason.Validation);
        }

        return dir;
    }

    static bool IsFinished(string dir) =>
        File.Exists(Path.Combine(dir, "done.json")) || File.Exists(Path.Combine(dir, "failed.json"));

    void EnsureStarted(string jobId)
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }

        var lazy = _running.GetOrAdd(jobId, id => new Lazy<Task>(() => Task.Run(() => RunJobAsync(id))));
        _ = lazy.Value;
    }

    async Task RunJobAsync(string jobId)
    {
        var dir = JobDirectory(jobId);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        _cancels[jobId] = cancel;
        var ct = cancel.Token;
        var acquired = false;
        try
        {
            await _slots.WaitAsync(ct).ConfigureAwait(false);
            acquired = true;
            if (IsFinished(dir))
            {
                return;
            }

            // Several server processes may share this folder (the azure-storage backend): one renders a job, the others
            // report it queued. The OS drops the lock when its process dies, so a crashed render restarts on the next poll.
            using var renderLock = TryLockRender(dir);
            if (renderLock is null || IsFinished(dir))
            {
                return;
            }

            _active[jobId] = 0;

            var requestPath = Path.Combine(dir, "request.json");
            var submittedAt = File.GetLastWriteTimeUtc(requestPath);
            var request = JsonSerializer.Deserialize<TRequest>(await File.ReadAllTextAsync(requestPath, ct).ConfigureAwait(false), Json)!;
            var prompt = _promptOf(request);
            if (_options.FailWhenPromptContains is { Length: > 0 } marker && prompt.Contains(marker, StringComparison.Ordinal))
            {
                await WriteFailureAsync(dir, new FailureRecord(
                    $"Local provider failure injected (test switch MV_LOCAL_FAIL_PROMPT): the prompt contains '{marker}'.",
                    ProviderErrorReason.ContentPolicy, null)).ConfigureAwait(false);
                return;
            }

            if (_options.FailRetriablyWhenPromptContains is { Length: > 0 } transient
                && prompt.Contains(transient, StringComparison.Ordinal)
                && ClaimTransientFailure(prompt))
            {
                await WriteFailureAsync(dir, new FailureRecord(
                    $"Local provider transient failure injected (test switch MV_LOCAL_FAIL_ONCE_PROMPT): the prompt contains '{transient}'; a new attempt will succeed.",
                    ProviderErrorReason.ServerError, 1)).ConfigureAwait(false);
                return;
            }

            AppendRenderLog(jobId);
            var output = OutputPath(jobId);
            // A fresh name per attempt: an ffmpeg orphaned by a killed server can never write into this render's file.
            var temp = Path.Combine(dir, $".rendering-{Guid.NewGuid():N}{Path.GetExtension(_outputFileName)}");
            var started = DateTime.UtcNow;
            await _render(request, dir, temp, ct).ConfigureAwait(false);
            File.Move(temp, output, overwrite: true);

            var remaining = _options.MinimumJobDuration - (DateTime.UtcNow - submittedAt);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, ct).ConfigureAwait(false);
            }

            var done = new DoneRecord(DateTime.UtcNow, (DateTime.UtcNow - started).TotalSeconds, new FileInfo(output).Length);
            await AtomicFile.WriteAllTextAsync(Path.Combine(dir, "done.json"), JsonSerializer.Serialize(done, Json), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shut down mid-render: leave the job unfinished so a later poll restarts it. (A canceled job has
            // recorded its failure already, so it does not restart.)
        }
        catch (ProviderException ex)
        {
            await WriteFailureAsync(dir, new FailureRecord(ex.Message, ex.Reason, ex.RetryAfter?.TotalSeconds)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // An ffmpeg or disk failure here is an internal error of the provider: a new attempt may succeed.
            await WriteFailureAsync(dir, new FailureRecord($"Local {_kind} render failed: {ex.Message}", ProviderErrorReason.ServerError, null)).ConfigureAwait(false);
        }
        finally
        {
            _cancels.TryRemove(jobId, out _);
            _active.TryRemove(jobId, out _);
            _running.TryRemove(jobId, out _);
            if (acquired)
            {
                _slots.Release();
            }
        }
    }

    bool ClaimTransientFailure(string prompt)
    {
        var markerDir = Path.Combine(Root, "injected-failures");
        Directory.CreateDirectory(markerDir);
        var marker = Path.Combine(markerDir, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)))[..32]);
        try
        {
            using var _ = new FileStream(marker, FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException) when (File.Exists(marker))
        {
            return false;
        }
    }

    static FileStream? TryLockRender(string dir)
    {
        try
        {
            return new FileStream(Path.Combine(dir, "render.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    void AppendRenderLog(string jobId)
    {
        // The process id tells which server rendered when several share the folder.
        var line = $"{DateTime.UtcNow:O}\t{_kind}\t{jobId}\t{Environment.ProcessId}\n";
        lock (RenderLogLock)
        {
            File.AppendAllText(RendersLogPath, line);
        }
    }

    static Task WriteFailureAsync(string dir, FailureRecord failure) =>
        AtomicFile.WriteAllTextAsync(Path.Combine(dir, "failed.json"), JsonSerializer.Serialize(failure, Json), CancellationToken.None);

    sealed record FailureRecord(string Error, ProviderErrorReason Reason, double? RetryAfterSeconds);

    sealed record DoneRecord(DateTime CompletedAt, double RenderSeconds, long SizeBytes);
}
