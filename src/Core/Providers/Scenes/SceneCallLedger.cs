using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Providers.Scenes;

/// <summary>
/// Every paid scene-model call of a plan, on disk under the data folder by the plan's cost key (one small file per call,
/// written right after the answer arrives), so a plan whose activity failed and was retried still counts what each attempt paid.
/// </summary>
/// <remarks>
/// A call is recorded once whatever happens to the activity afterwards; an activity re-run (a workflow retry, a redelivery after
/// a crash, a rewind) makes new calls, which are new payments and get their own files. Nothing is ever counted twice.
/// </remarks>
public sealed class SceneCallLedger
{
    readonly string _root;

    /// <summary>Creates the ledger under <paramref name="directory"/> (created on the first call recorded).</summary>
    public SceneCallLedger(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _root = Path.GetFullPath(directory);
    }

    /// <summary>Records one paid call of the plan with <paramref name="key"/> (atomically, flushed to disk).</summary>
    public async Task RecordAsync(string key, SceneCallCost call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        string folder = FolderOf(key);
        Directory.CreateDirectory(folder);
        await AtomicFile.WriteAllTextAsync(
            Path.Combine(folder, Guid.NewGuid().ToString("N") + ".json"), JsonSerializer.Serialize(call), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The total of every call recorded for <paramref name="key"/> (zero calls when none was).</summary>
    public async Task<SceneCallCost> TotalAsync(string key, CancellationToken cancellationToken = default)
    {
        var total = new SceneCallCost(new TokenUsage(0, 0, 0), 0m);
        string folder = FolderOf(key);
        if (!Directory.Exists(folder))
        {
            return total;
        }

        foreach (string file in Directory.EnumerateFiles(folder, "*.json"))
        {
            var call = JsonSerializer.Deserialize<SceneCallCost>(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false))
                ?? throw new InvalidDataException("A scene call record is empty.");
            total = new SceneCallCost(total.Usage.Plus(call.Usage), total.CostUsd + call.CostUsd);
        }

        return total;
    }

    // Keys come from the workflow (instance ids may hold any character): a hash makes a safe folder name.
    string FolderOf(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Path.Combine(_root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]);
    }
}
