using System.Text.Json.Nodes;
using MusicVideo.Core.Providers.Http;

namespace MusicVideo.Core.Providers.Replicate;

/// <summary>The prediction life cycle shared by the Replicate image and clip generators: create at most once per key, poll, fetch, cancel, cost.</summary>
public sealed class ReplicatePredictions(ReplicateApi api, ReplicatePredictionStore store)
{
    /// <summary>The store of keys, tombstones and terminal predictions.</summary>
    public ReplicatePredictionStore Store => store;

    /// <summary>The API.</summary>
    public ReplicateApi Api => api;

    /// <summary>
    /// Returns the prediction recorded for the key, or creates one and records it at once. The remaining window: a crash (or a lost answer)
    /// after Replicate created the prediction but before the record is written leaves a prediction we do not know, and the redelivered
    /// activity creates a second one; the record is written before anything else happens, so the window is one HTTP answer long.
    /// </summary>
    public async Task<ProviderJob> SubmitAsync(
        string key, string model, Func<CancellationToken, Task<JsonObject>> buildInput, Uri? webhook, int? waitSeconds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(buildInput);
        if (await store.PredictionForKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return new ProviderJob(existing, IsNew: false);
        }

        if (store.IsCanceled(key))
        {
            throw new ProviderException("The generation was cancelled before it was submitted.", ProviderErrorReason.Canceled);
        }

        var input = await buildInput(cancellationToken).ConfigureAwait(false);
        var created = await api.CreatePredictionAsync(model, input, webhook, waitSeconds, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(created.Id))
        {
            throw new ProviderException("Replicate created a prediction without an id.", ProviderErrorReason.ServerError);
        }

        // Not cancellable: once Replicate has the prediction, losing its id would pay for it twice.
        await store.RecordKeyAsync(key, created.Id, CancellationToken.None).ConfigureAwait(false);
        if (created.IsTerminal)
        {
            await store.SavePredictionAsync(created, CancellationToken.None).ConfigureAwait(false);
        }

        if (store.IsCanceled(key))
        {
            // A cancel raced with this create: it found no id to cancel, so stop the prediction here.
            await api.CancelPredictionAsync(created.Id, CancellationToken.None).ConfigureAwait(false);
        }

        return new ProviderJob(created.Id, IsNew: true);
    }

    /// <summary>The prediction's state: the kept terminal one (from a webhook or an earlier poll) or a fresh read.</summary>
    public async Task<ReplicatePrediction> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.SavedPredictionAsync(id, cancellationToken).ConfigureAwait(false) is { IsTerminal: true } saved)
        {
            return saved;
        }

        var prediction = await api.GetPredictionAsync(id, cancellationToken).ConfigureAwait(false);
        if (prediction.IsTerminal)
        {
            await store.SavePredictionAsync(prediction, CancellationToken.None).ConfigureAwait(false);
        }

        return prediction;
    }

    /// <summary>Polls a prediction; a throttled or failed read is a non-terminal status with the wait Replicate asked for, so the workflow sleeps on a durable timer.</summary>
    public async Task<ProviderJobStatus> PollAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return StatusOf(await ReadAsync(id, cancellationToken).ConfigureAwait(false));
        }
        catch (ProviderException ex) when (ex.IsRetriable)
        {
            return new ProviderJobStatus(ProviderJobState.Running, RetryAfter: ex.RetryAfter);
        }
    }

    /// <summary>Downloads output <paramref name="index"/> of a succeeded prediction.</summary>
    public async Task FetchAsync(string id, int index, string destinationPath, CancellationToken cancellationToken)
    {
        var prediction = await ReadAsync(id, cancellationToken).ConfigureAwait(false);
        if (prediction.Status != "succeeded")
        {
            throw new ProviderException($"Replicate prediction {id} is {prediction.Status}, not succeeded; nothing to fetch.", ProviderErrorReason.Validation);
        }

        if (prediction.DataRemoved)
        {
            throw new ProviderException($"Replicate already deleted the output of prediction {id} (outputs are kept for one hour).", ProviderErrorReason.Validation);
        }

        var urls = prediction.OutputUrls;
        if (urls.Count <= index)
        {
            throw new ProviderException($"Replicate prediction {id} has no output file.", ProviderErrorReason.ServerError);
        }

        await api.DownloadAsync(urls[index], destinationPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tombstones every key first, then cancels the predictions created for them; finished predictions are left as they are.</summary>
    public async Task CancelAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (string key in keys)
        {
            await store.CancelKeyAsync(key, cancellationToken).ConfigureAwait(false);
        }

        var failures = new List<string>();
        foreach (string key in keys)
        {
            if (await store.PredictionForKeyAsync(key, cancellationToken).ConfigureAwait(false) is not { } id
                || await store.SavedPredictionAsync(id, cancellationToken).ConfigureAwait(false) is { IsTerminal: true })
            {
                continue;
            }

            try
            {
                await api.CancelPredictionAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException ex)
            {
                failures.Add($"{id}: {ex.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new ProviderException("Cancelling Replicate predictions failed: " + string.Join("; ", failures), ProviderErrorReason.ServerError);
        }
    }

    /// <summary>Maps a prediction to a job status (DESIGN §4.1): safety refusals and invalid input are final; model crashes and deadlines may succeed on a new attempt.</summary>
    public static ProviderJobStatus StatusOf(ReplicatePrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        string error = SecretRedactor.Redact(prediction.ErrorText);
        return prediction.Status switch
        {
            "starting" => new ProviderJobStatus(ProviderJobState.Queued),
            "processing" => new ProviderJobStatus(ProviderJobState.Running),
            "succeeded" => new ProviderJobStatus(ProviderJobState.Succeeded, Progress: 1),
            "canceled" => ProviderJobStatus.Failed("The Replicate prediction was cancelled.", ProviderErrorReason.Canceled),
            "aborted" => ProviderJobStatus.Failed("The Replicate prediction was aborted before it started (deadline reached).", ProviderErrorReason.Timeout),
            "failed" when ContentPolicyText.Matches(error) =>
                ProviderJobStatus.Failed($"The model refused this input (content policy): {error}", ProviderErrorReason.ContentPolicy),
            "failed" when error.Contains("validation", StringComparison.OrdinalIgnoreCase) || error.Contains("invalid", StringComparison.OrdinalIgnoreCase) =>
                ProviderJobStatus.Failed($"Replicate rejected the input: {error}", ProviderErrorReason.Validation),
            "failed" => ProviderJobStatus.Failed($"The Replicate prediction failed: {(error.Length > 0 ? error : "no reason given")}", ProviderErrorReason.ServerError),
            _ => new ProviderJobStatus(ProviderJobState.Running),
        };
    }
}
