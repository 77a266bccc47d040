using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using MusicVideo.Api;
using MusicVideo.Core.Storage;

namespace MusicVideo.Functions.Http;

/// <summary>The seed-compatible /api/mv routes as HTTP triggers over the handlers the standalone server maps.</summary>
/// <remarks>The server's endpoint filter gives these routes the seed's error envelope; Functions has no endpoint filters, so each applies it.</remarks>
public sealed class SeedFunctions(MediaStore media, MediaImporter importer, ILoggerFactory loggers)
{
    /// <summary>GET /health: the seed's health probe (anonymous, for load balancers).</summary>
    [Function("HttpHealth")]
    public Task<IResult> HealthAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        SeedEndpoints.HealthAsync(client, loggers, Aborted(request));

    /// <summary>GET /api/mv/get_director_configs.</summary>
    [Function("HttpGetDirectorConfigs")]
    public IResult DirectorConfigs([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/mv/get_director_configs")] HttpRequest request) =>
        SeedErrorShapeFilter.Apply(SeedEndpoints.DirectorConfigs());

    /// <summary>POST /api/mv/create_scenes.</summary>
    [Function("HttpCreateScenes")]
    public async Task<IResult> CreateScenesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/mv/create_scenes")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        SeedErrorShapeFilter.Apply(await SeedEndpoints.CreateScenesAsync(Http(request), client));

    /// <summary>POST /api/mv/generate_character_reference.</summary>
    [Function("HttpGenerateCharacterReference")]
    public async Task<IResult> GenerateCharacterReferenceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/mv/generate_character_reference")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        SeedErrorShapeFilter.Apply(await SeedEndpoints.GenerateCharacterReferenceAsync(Http(request), client));

    /// <summary>POST /api/mv/generate_video.</summary>
    [Function("HttpGenerateVideo")]
    public async Task<IResult> GenerateVideoAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/mv/generate_video")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        SeedErrorShapeFilter.Apply(await SeedEndpoints.GenerateVideoAsync(Http(request), client, media, importer));

    /// <summary>POST /api/mv/stitch-videos.</summary>
    [Function("HttpStitchVideos")]
    public async Task<IResult> StitchVideosAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/mv/stitch-videos")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        SeedErrorShapeFilter.Apply(await SeedEndpoints.StitchVideosAsync(Http(request), client, media));

    internal static HttpContext Http(HttpRequest request) => (request ?? throw new ArgumentNullException(nameof(request))).HttpContext;

    internal static CancellationToken Aborted(HttpRequest request) => Http(request).RequestAborted;
}
