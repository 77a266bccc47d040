namespace MusicVideo.Core.Providers;

/// <summary>An image model behind a submit → poll → fetch job API (local ffmpeg renderer, Replicate Imagen 4 …).</summary>
public abstract class ImageGenerator
{
    /// <summary>The provider name recorded in metadata.</summary>
    public abstract string Name { get; }

    /// <summary>The model recorded in metadata.</summary>
    public abstract string Model { get; }

    /// <summary>How often callers should poll a running job.</summary>
    public virtual TimeSpan PollInterval => TimeSpan.FromSeconds(2);

    /// <summary>What a finished job cost in US dollars (zero for local renders and unpriced models).</summary>
    public virtual Task<decimal> CostAsync(string jobId, CancellationToken cancellationToken = default) => Task.FromResult(0m);

    /// <summary>Starts a generation; the same idempotency key always returns the same job and never submits twice.</summary>
    public abstract Task<ProviderJob> SubmitAsync(ImageRequest request, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Reads the job's state.</summary>
    public abstract Task<ProviderJobStatus> PollAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Downloads the finished image (PNG) to the destination path.</summary>
    public abstract Task FetchAsync(string jobId, string destinationPath, CancellationToken cancellationToken = default);

    /// <summary>Cancels the jobs submitted with these idempotency keys, also ones whose submit has not arrived yet; finished jobs are left alone.</summary>
    /// <remarks>
    /// Called when the orchestrations that wait for the jobs are terminated, so nobody keeps paying for them. All keys are
    /// cancelled before any running job is stopped, so a job waiting for a free slot cannot start in between.
    /// </remarks>
    public abstract Task CancelAsync(IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken = default);
}
