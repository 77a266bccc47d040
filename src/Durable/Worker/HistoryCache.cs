using MusicVideo.Durable.History;
using MusicVideo.Durable.Storage;

namespace MusicVideo.Durable;

/// <summary>Keeps instance rows and histories between episodes so a replay does not re-read the store.</summary>
/// <remarks>
/// Entries are trusted because the worker is the only writer of its instances' rows (one worker per data folder); they
/// are dropped when an episode fails, an instance ends or a child is re-linked, and bypassed when a new execution starts.
/// </remarks>
sealed class HistoryCache(int capacity)
{
    readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string instanceId, out Entry entry)
    {
        lock (_entries)
        {
            return _entries.TryGetValue(instanceId, out entry!);
        }
    }

    public void Set(string instanceId, OrchestrationInstanceRecord row, List<HistoryEvent> history)
    {
        lock (_entries)
        {
            if (_entries.Count >= capacity && !_entries.ContainsKey(instanceId))
            {
                // Cheap eviction: drop an arbitrary tenth; histories reload from the store on demand.
                foreach (string key in _entries.Keys.Take(Math.Max(1, capacity / 10)).ToList())
                {
                    _entries.Remove(key);
                }
            }

            _entries[instanceId] = new Entry(row, history);
        }
    }

    public void Remove(string instanceId)
    {
        lock (_entries)
        {
            _entries.Remove(instanceId);
        }
    }

    public sealed record Entry(OrchestrationInstanceRecord Row, List<HistoryEvent> History);
}
