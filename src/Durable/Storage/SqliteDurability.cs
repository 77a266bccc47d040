namespace MusicVideo.Durable.Storage;

/// <summary>How hard SQLite works to keep committed transactions (PRAGMA synchronous in WAL mode).</summary>
public enum SqliteDurability
{
    /// <summary>synchronous=NORMAL: survives a process crash; a power loss may drop the last commits (never corrupts).</summary>
    Normal,

    /// <summary>synchronous=FULL: every commit is fsynced; survives a power loss.</summary>
    Full,
}
