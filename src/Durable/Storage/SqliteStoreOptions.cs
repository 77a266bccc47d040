namespace MusicVideo.Durable.Storage;

/// <summary>Options of the SQLite store.</summary>
/// <param name="DatabasePath">The database file; created with its folder when missing.</param>
/// <param name="Durability">The commit durability; <see cref="SqliteDurability.Full"/> by default.</param>
/// <param name="MaxBatchSize">The largest number of operations grouped into one transaction.</param>
public sealed record SqliteStoreOptions(string DatabasePath, SqliteDurability Durability = SqliteDurability.Full, int MaxBatchSize = 512);
