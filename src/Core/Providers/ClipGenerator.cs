namespace MusicVideo.Core.Providers;

/// <summary>A video model behind a submit → poll → fetch job API (local ffmpeg renderer, Replicate, Gemini Veo …).</summary>
public abstract class ClipGenerator
{
    /// <summary>The provider name recorded in metadata, e.g. <c>local</c> or <c>replicate</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The model recorded in metadata.</summary>
    public abstract string Model { get; }

    /// <summary>
    /// True when the generator reads a character reference from the media store itself, by <see cref="ClipRequest.ReferenceImageId"/>
    /// (as a presigned URL it makes at submit time), so callers need not copy it to a local file.
    /// </summary>
    public virtual bool ReadsReferencesFromStore => false;

    /// <summary>How often callers should poll a running job.</summary>
    public virtual TimeSpan PollInterval => TimeSpan.FromSeconds(10);

    /// <summary>
    /// When set, the first poll comes this long after the submit and the wait between polls doubles up to <see cref="PollInterval"/>, so a job
    /// that fails or finishes early is seen early; null polls at once and then every interval.
    /// </summary>
    /// <remarks>Read when a job is submitted and recorded with the submission, like <see cref="CompletionEventWait"/>.</remarks>
    public virtual TimeSpan? FirstPollDelay => null;

    /// <summary>How long a caller waits for the provider's completion event (webhook) before it polls; null when this provider does not push.</summary>
    /// <remarks>Read when a job is submitted and recorded with the submission, so a running orchestration never depends on it at replay.</remarks>
    public virtual TimeSpan? CompletionEventWait => null;

    /// <summary>What a job cost in US dollars (zero for local renders), once it is finished.</summary>
    public virtual Task<decimal> CostAsync(string jobId, CancellationToken cancellationToken = default) => Task.FromResult(0m);

    /// <summary>The job submitted with an idempotency key, or null when none was (or this provider keeps no such record).</summary>
    public virtual Task<string?> FindJobAsync(string idempotencyKey, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    /// <summary>Starts a generation; the same idempotency key always returns the same job and never submits twice.</summary>
    public abstract Task<ProviderJob> SubmitAsync(ClipRequest request, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Reads the job's state; failures are reported in the status, transport problems as <see cref="ProviderException"/>.</summary>
    public abstract Task<ProviderJobStatus> PollAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Downloads the finished clip (MP4) to the destination path.</summary>
    public abstract Task FetchAsync(string jobId, string destinationPath, CancellationToken cancellationToken = default);

    /// <summary>Cancels the jobs submitted with these idempotency keys, also ones whose submit has not arrived yet; finished jobs are left alone.</summary>
    /// <remarks>
    /// Called when the orchestrations that wait for the jobs are terminated, so nobody keeps paying for them. All keys are
    /// cancelled before any running job is stopped, so a job waiting for a free slot cannot start in between.
    /// </remarks>
    public abstract Task CancelAsync(IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken = default);

    /// <summary>Forgets a finished job and frees what the provider keeps of it (remote providers expire jobs themselves).</summary>
    public virtual Task DeleteJobAsync(string jobId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
