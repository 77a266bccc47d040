using MusicVideo.Durable.Storage;

namespace MusicVideo.Durable;

/// <summary>Options of the embedded engine: where its SQLite file lives and how the worker runs.</summary>
/// <param name="DatabasePath">The SQLite database file.</param>
/// <param name="Durability">The commit durability.</param>
public sealed record DurableEngineOptions(string DatabasePath, SqliteDurability Durability = SqliteDurability.Full)
{
    /// <summary>Gets the worker options.</summary>
    public DurableWorkerOptions Worker { get; init; } = new();
}
