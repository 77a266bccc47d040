using MusicVideo.Core.Storage;
using MusicVideo.Core.Workflow.Models;

namespace MusicVideo.Api;

/// <summary>
/// Media URLs are made when a response is built, never taken from durable state: a fresh presigned/SAS link when the
/// store serves from the cloud, else the API route. Orchestration outputs and custom status carry ids (and API routes).
/// </summary>
static class MediaLinks
{
    /// <summary>A JSON result whose body is built (with its media URLs) when the response is written.</summary>
    public static IResult Json(Func<MediaStore, CancellationToken, Task<object>> build) => new DeferredJson(build);

    /// <summary>The URL a client fetches an artefact from, made now.</summary>
    public static async Task<string> UrlAsync(MediaStore media, MediaKind kind, Guid id, CancellationToken cancellation) =>
        await media.GetUrlAsync(kind, id, cancellation);

    /// <summary>The job view with the final video's and every scene's URL made now.</summary>
    public static async Task<JobView> WithUrlsAsync(JobView view, MediaStore media, CancellationToken cancellation)
    {
        var scenes = new List<SceneProgress>(view.Scenes.Count);
        foreach (var scene in view.Scenes)
        {
            scenes.Add(scene.VideoId is { } id ? scene with { VideoUrl = await UrlAsync(media, MediaKind.Video, id, cancellation) } : scene);
        }

        return view with
        {
            Scenes = scenes,
            VideoUrl = view.VideoId is { } video ? await UrlAsync(media, MediaKind.Video, video, cancellation) : view.VideoUrl,
            CharacterReferenceCostUsd = view.CharacterReferenceId is { } reference
                ? (await media.GetMetadataAsync(MediaKind.CharacterReference, reference, cancellation))?.CostUsd
                : null,
        };
    }

    sealed class DeferredJson(Func<MediaStore, CancellationToken, Task<object>> build) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var media = httpContext.RequestServices.GetRequiredService<MediaStore>();
            object body = await build(media, httpContext.RequestAborted);
            await Results.Json(body).ExecuteAsync(httpContext);
        }
    }
}
