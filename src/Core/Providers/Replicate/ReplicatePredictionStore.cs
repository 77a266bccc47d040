using System.Text.Json;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Providers.Replicate;

/// <summary>
/// What must survive a crash about Replicate predictions, on disk under the data folder: idempotency key → prediction id (written right
/// after the create returns, read before any create), cancelled keys (tombstones), and the last terminal prediction seen (from a webhook or a poll).
/// </summary>
public sealed class ReplicatePredictionStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly string _keys;
    readonly string _canceled;
    readonly string _predictions;
    readonly string _webhooks;

    /// <summary>Creates the store under <paramref name="directory"/>.</summary>
    public ReplicatePredictionStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _keys = Path.Combine(directory, "keys");
        _canceled = Path.Combine(directory, "canceled");
        _predictions = Path.Combine(directory, "predictions");
        _webhooks = Path.Combine(directory, "webhooks");
        foreach (string folder in new[] { _keys, _canceled, _predictions, _webhooks })
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>The prediction created for a key, or null.</summary>
    public async Task<string?> PredictionForKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = Path.Combine(_keys, Safe(key));
        return File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim() : null;
    }

    /// <summary>Records the prediction created for a key (atomically, flushed to disk).</summary>
    public Task RecordKeyAsync(string key, string predictionId, CancellationToken cancellationToken = default) =>
        AtomicFile.WriteAllTextAsync(Path.Combine(_keys, Safe(key)), predictionId, cancellationToken);

    /// <summary>Marks a key cancelled, so a submit that has not created its prediction yet never does.</summary>
    public Task CancelKeyAsync(string key, CancellationToken cancellationToken = default) =>
        AtomicFile.WriteAllTextAsync(Path.Combine(_canceled, Safe(key)), DateTimeOffset.UtcNow.ToString("O"), cancellationToken);

    /// <summary>True when the key was cancelled.</summary>
    public bool IsCanceled(string key) => File.Exists(Path.Combine(_canceled, Safe(key)));

    /// <summary>Keeps a terminal prediction (so fetch and cost need no further request).</summary>
    public Task SavePredictionAsync(ReplicatePrediction prediction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return AtomicFile.WriteAllTextAsync(Path.Combine(_predictions, Safe(prediction.Id) + ".json"), JsonSerializer.Serialize(prediction, Json), cancellationToken);
    }

    /// <summary>The kept terminal prediction, or null.</summary>
    public async Task<ReplicatePrediction?> SavedPredictionAsync(string id, CancellationToken cancellationToken = default)
    {
        string path = Path.Combine(_predictions, Safe(id) + ".json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ReplicatePrediction>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Claims a webhook delivery id; false when it was claimed before (a redelivery), so each delivery is acted on once.</summary>
    public bool TryClaimWebhook(string webhookId)
    {
        try
        {
            using var _ = new FileStream(Path.Combine(_webhooks, Safe(webhookId)), FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException) when (File.Exists(Path.Combine(_webhooks, Safe(webhookId))))
        {
            return false;
        }
    }

    /// <summary>Releases a claim when acting on the delivery failed, so Replicate's retry is acted on.</summary>
    public void ReleaseWebhook(string webhookId) => File.Delete(Path.Combine(_webhooks, Safe(webhookId)));

    static string Safe(string name)
    {
        // Keys are hex GUIDs and ids are Replicate's base32 ids; anything else is hashed so no name escapes the folder.
        return name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? name
            : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));
    }
}
