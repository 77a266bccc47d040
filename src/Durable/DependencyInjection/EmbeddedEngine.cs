using MusicVideo.Durable.Storage;

namespace MusicVideo.Durable;

/// <summary>One embedded engine of a process: its SQLite store and, once the host starts it, its worker.</summary>
/// <remarks>Shared by the worker and the clients built by Microsoft.DurableTask's builders, so a client wakes the local worker.</remarks>
public sealed class EmbeddedEngine : IAsyncDisposable
{
    EmbeddedDurableTaskWorker? _worker;

    /// <summary>Initializes a new instance of the <see cref="EmbeddedEngine"/> class.</summary>
    public EmbeddedEngine(DurableEngineOptions options)
    {
        this.Options = options ?? throw new ArgumentNullException(nameof(options));
        this.Store = new SqliteOrchestrationStore(new SqliteStoreOptions(options.DatabasePath, options.Durability));
    }

    /// <summary>Gets the engine's options.</summary>
    public DurableEngineOptions Options { get; }

    /// <summary>Gets the engine's store.</summary>
    public OrchestrationStore Store { get; }

    /// <summary>Gets the worker of this process, or null when none runs here (e.g. an operator's CLI).</summary>
    public EmbeddedDurableTaskWorker? Worker => Volatile.Read(ref _worker);

    internal void Attach(EmbeddedDurableTaskWorker worker) => Volatile.Write(ref _worker, worker);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => this.Store.DisposeAsync();
}
