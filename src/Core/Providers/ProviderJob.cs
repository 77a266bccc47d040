namespace MusicVideo.Core.Providers;

/// <summary>A handle to a submitted provider job (a Replicate prediction id, a Gemini operation name, a local job id).</summary>
/// <param name="JobId">The provider's id for the job; persist it before waiting so a crash never submits twice.</param>
/// <param name="IsNew">False when the idempotency key matched an existing job and nothing new was submitted.</param>
public sealed record ProviderJob(string JobId, bool IsNew)
{
    /// <summary>The external event a provider's push (webhook) raises to the waiting orchestration when the job finishes; its payload is a <see cref="ProviderJobStatus"/>.</summary>
    public static string CompletionEventName(string jobId) => "prediction:" + jobId;
}
