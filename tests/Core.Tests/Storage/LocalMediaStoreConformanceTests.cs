using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Tests.Storage;

/// <summary>The store conformance suite on the local folder store.</summary>
public sealed class LocalMediaStoreConformanceTests : MediaStoreConformanceTests
{
    string _root = string.Empty;

    protected override Task<MediaStore> CreateStoreAsync()
    {
        _root = Temp.File("media");
        return Task.FromResult<MediaStore>(new LocalMediaStore(new LocalMediaStoreOptions(_root)));
    }

    protected override MediaStore OpenSameLocation() => new LocalMediaStore(new LocalMediaStoreOptions(_root));

    protected override Task<IReadOnlyList<string>> LeftoverNamesAsync(MediaKind kind, Guid id, IReadOnlyList<string> except)
    {
        var store = new LocalMediaStore(new LocalMediaStoreOptions(_root));
        IReadOnlyList<string> names = Directory.EnumerateFiles(store.KindDirectory(kind), $"*{id}*")
            .Select(Path.GetFileName)
            .Where(name => !except.Contains(name!) && name != $"{id}.metadata.json")
            .ToList()!;
        return Task.FromResult(names);
    }
}
