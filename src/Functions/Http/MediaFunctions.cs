using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using MusicVideo.Api;
using MusicVideo.Core.Storage;

namespace MusicVideo.Functions.Http;

/// <summary>The media routes (serve, info, uploads) as HTTP triggers over the server's handlers, with the seed's error envelope.</summary>
/// <remarks>Reads are anonymous like the URLs the API hands out (ids are random UUIDs); uploads need a function or host key.</remarks>
public sealed class MediaFunctions(MediaStore media, MediaImporter importer)
{
    /// <summary>GET /api/mv/get_video/{videoId}.</summary>
    [Function("HttpGetVideo")]
    public async Task<IResult> GetVideoAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/mv/get_video/{videoId}")] HttpRequest request, string videoId) =>
        SeedErrorShapeFilter.Apply(await MediaEndpoints.ServeAsync(SeedFunctions.Http(request), media, MediaKind.Video, videoId, "video_id"));

    /// <summary>GET /api/mv/get_video/{videoId}/info.</summary>
    [Function("HttpGetVideoInfo")]
    public async Task<IResult> GetVideoInfoAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/mv/get_video/{videoId}/info")] HttpRequest request, string videoId) =>
        SeedErrorShapeFilter.Apply(await MediaEndpoints.InfoAsync(videoId, media, SeedFunctions.Aborted(request)));

    /// <summary>GET /api/mv/get_character_reference/{imageId}.</summary>
    [Function("HttpGetCharacterReference")]
    public async Task<IResult> GetCharacterReferenceAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/mv/get_character_reference/{imageId}")] HttpRequest request, string imageId) =>
        SeedErrorShapeFilter.Apply(await MediaEndpoints.ServeAsync(SeedFunctions.Http(request), media, MediaKind.CharacterReference, imageId, "image_id"));

    /// <summary>GET /api/mv/get_audio/{audioId}.</summary>
    [Function("HttpGetAudio")]
    public async Task<IResult> GetAudioAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/mv/get_audio/{audioId}")] HttpRequest request, string audioId) =>
        SeedErrorShapeFilter.Apply(await MediaEndpoints.ServeAsync(SeedFunctions.Http(request), media, MediaKind.Audio, audioId, "audio_id"));

    /// <summary>POST /api/mv/upload_character_reference.</summary>
    [Function("HttpUploadCharacterReference")]
    public async Task<IResult> UploadCharacterReferenceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/mv/upload_character_reference")] HttpRequest request) =>
        SeedErrorShapeFilter.Apply(await MediaEndpoints.UploadImageAsync(SeedFunctions.Http(request), importer, media));

    /// <summary>POST /api/mv/songs.</summary>
    [Function("HttpUploadSong")]
    public async Task<IResult> UploadSongAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/mv/songs")] HttpRequest request) =>
        SeedErrorShapeFilter.Apply(await MediaEndpoints.UploadSongAsync(SeedFunctions.Http(request), importer, media));
}
