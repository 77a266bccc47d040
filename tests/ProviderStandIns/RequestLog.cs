using System.Collections.Concurrent;

namespace MusicVideo.ProviderStandIns;

/// <summary>Every request a stand-in received, in arrival order; safe to read while requests arrive.</summary>
public sealed class RequestLog
{
    readonly ConcurrentQueue<RecordedRequest> _requests = new();

    /// <summary>All requests so far.</summary>
    public IReadOnlyList<RecordedRequest> All => [.. _requests];

    /// <summary>Requests with this method whose path matches <paramref name="pathPredicate"/>.</summary>
    public IReadOnlyList<RecordedRequest> Where(string method, Func<string, bool> pathPredicate) =>
        [.. _requests.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && pathPredicate(r.Path))];

    /// <summary>Adds a request.</summary>
    public void Add(RecordedRequest request) => _requests.Enqueue(request);

    /// <summary>Forgets everything (between phases of one test).</summary>
    public void Clear() => _requests.Clear();
}
