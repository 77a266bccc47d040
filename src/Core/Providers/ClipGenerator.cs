namespace MusicVideo.Core.Providers;

/// <summary>A video model behind a submit → poll → fetch job API (local ffmpeg renderer, Replicate, Gemini Veo …).</summary>
public abstract class ClipGenerator
{
    /// <summary>The provider name recorded in metadata, e.g. <c>local</c> or <c>replicate</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The model recorded in metadata.</summary>
    public abstract string Model { get; }

    /// <summary>How often callers should poll a running job.</summary>
    public virtual TimeSpan PollInterval => TimeSpan.FromSeconds(10);

    /// <summary>Starts a generation; the same idempotency key always returns the same job and never submits twice.</summary>
    public abstract Task<ProviderJob> SubmitAsync(ClipRequest request, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Reads the job's state; failures are reported in the status, transport problems as <see cref="ProviderException"/>.</summary>
    public abstract Task<ProviderJobStatus> PollAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Downloads the finished clip (MP4) to the destination path.</summary>
    public abstract Task FetchAsync(string jobId, string destinationPath, CancellationToken cancellationToken = default);

    /// <summary>Cancels the job submitted with this idempotency key, also one whose submit has not arrived yet; a no-op for finished jobs.</summary>
    /// <remarks>Called when the orchestration that waits for the job is terminated, so nobody keeps paying for it.</remarks>
    public abstract Task CancelAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Forgets a finished job and frees what the provider keeps of it (remote providers expire jobs themselves).</summary>
    public virtual Task DeleteJobAsync(string jobId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
