using System.Net;
using MusicVideo.Core.Storage;

namespace MusicVideo.Core.Tests.Storage;

/// <summary>What cloud stores add to the conformance suite: the key layout, direct links and serving switches.</summary>
public abstract class CloudMediaStoreConformanceTests : MediaStoreConformanceTests
{
    /// <summary>Every key in the location of the last created store.</summary>
    protected abstract Task<IReadOnlyList<string>> ListKeysAsync();

    /// <summary>A store over a fresh location with the given serving switches.</summary>
    protected abstract Task<MediaStore> CreateStoreAsync(bool serveFromCloud, int expirySeconds = 3600);

    protected override Task<MediaStore> CreateStoreAsync() => CreateStoreAsync(serveFromCloud: true);

    protected override async Task<IReadOnlyList<string>> LeftoverNamesAsync(MediaKind kind, Guid id, IReadOnlyList<string> except) =>
        (await ListKeysAsync())
            .Where(key => key.Contains(id.ToString(), StringComparison.Ordinal) && key != CloudMediaStore.MetadataKey(kind, id))
            .Where(key => !except.Any(name => key.EndsWith(name, StringComparison.Ordinal)))
            .ToList();

    [Fact]
    public async Task Objects_use_the_seed_layout_with_a_metadata_sidecar()
    {
        var store = await CreateStoreAsync();
        var video = Guid.NewGuid();
        var image = Guid.NewGuid();
        await store.PutFileAsync(MediaKind.Video, video, WriteFakeMp4(Temp.File("v.mp4"), 4000));
        await store.PutFileAsync(MediaKind.CharacterReference, image, WriteImage(Temp.File("i.png"), 4000));

        var keys = (await ListKeysAsync()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            [$"character_references/{image}.metadata.json", $"character_references/{image}.png", $"mv/jobs/{video}/metadata.json", $"mv/jobs/{video}/video.mp4"],
            keys);
    }

    [Fact]
    public async Task A_fresh_link_serves_the_bytes_without_credentials()
    {
        var store = await CreateStoreAsync(serveFromCloud: true, expirySeconds: 600);
        var id = Guid.NewGuid();
        string image = WriteImage(Temp.File("ref.png"), 5000);
        await store.PutFileAsync(MediaKind.CharacterReference, id, image);

        var link = await store.GetCloudLinkAsync(MediaKind.CharacterReference, id);
        string url = await store.GetUrlAsync(MediaKind.CharacterReference, id);

        Assert.NotNull(link);
        Assert.Equal(600, link!.ExpiresInSeconds);
        Assert.Equal($"character_references/{id}.png", link.CloudPath);
        Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var direct), $"serving from the cloud, the url is a direct link: {url}");
        Assert.EndsWith(link.CloudPath, Uri.UnescapeDataString(direct!.AbsolutePath), StringComparison.Ordinal);
        using var http = new HttpClient();
        using var response = await http.GetAsync(link.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(image), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Without_serve_from_cloud_the_url_is_the_api_route()
    {
        var store = await CreateStoreAsync(serveFromCloud: false);
        var id = Guid.NewGuid();
        await store.PutFileAsync(MediaKind.Video, id, WriteFakeMp4(Temp.File("v.mp4"), 4000));

        Assert.False(store.ServesFromCloud);
        Assert.Equal($"/api/mv/get_video/{id}", await store.GetUrlAsync(MediaKind.Video, id));
    }

    [Fact]
    public async Task Data_without_its_metadata_sidecar_is_not_visible()
    {
        // What a crash between the data upload and the metadata write leaves behind.
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.PutFileAsync(MediaKind.Video, id, WriteFakeMp4(Temp.File("v.mp4"), 4000));
        await DeleteKeyAsync(CloudMediaStore.MetadataKey(MediaKind.Video, id));

        Assert.False(await store.ExistsAsync(MediaKind.Video, id));
        Assert.Null(await store.OpenReadAsync(MediaKind.Video, id));
        Assert.Null(await store.GetCloudLinkAsync(MediaKind.Video, id));
    }

    /// <remarks>Azurite checks SAS signatures and expiry; s3rver checks a presigned URL's expiry but not its signature.</remarks>
    [Fact]
    public async Task An_expired_link_is_refused_and_the_next_read_signs_a_new_one()
    {
        var store = await CreateStoreAsync(serveFromCloud: true, expirySeconds: 1);
        var id = Guid.NewGuid();
        await store.PutFileAsync(MediaKind.CharacterReference, id, WriteImage(Temp.File("ref.png"), 1000));
        var link = await store.GetCloudLinkAsync(MediaKind.CharacterReference, id);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var http = new HttpClient();
        using var response = await http.GetAsync(link!.Url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        // A new link is signed on each read (fetching it is not asserted: with a 1-second lifetime a loaded machine could let it lapse too).
        var fresh = await store.GetCloudLinkAsync(MediaKind.CharacterReference, id);
        Assert.NotEqual(link.Url, fresh!.Url);
    }

    /// <summary>Deletes one key behind the store's back.</summary>
    protected abstract Task DeleteKeyAsync(string key);
}
