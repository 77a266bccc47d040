using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using MusicVideo.Api;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Workflow;

namespace MusicVideo.Functions.Http;

/// <summary>The /api/mv/jobs routes (start, view, edits) as HTTP triggers over the handlers the standalone server maps.</summary>
public sealed class JobFunctions(MediaStore media, MusicVideoOptions options, ClipGenerator clips)
{
    /// <summary>POST /api/mv/jobs.</summary>
    [Function("HttpCreateJob")]
    public Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/mv/jobs")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        JobEndpoints.CreateAsync(SeedFunctions.Http(request), client, media, options);

    /// <summary>GET /api/mv/jobs/{jobId}.</summary>
    [Function("HttpGetJob")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/mv/jobs/{jobId}")] HttpRequest request, [DurableClient] DurableTaskClient client, string jobId) =>
        JobEndpoints.GetAsync(jobId, client, SeedFunctions.Aborted(request));

    /// <summary>DELETE /api/mv/jobs/{jobId}.</summary>
    [Function("HttpDeleteJob")]
    public Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/mv/jobs/{jobId}")] HttpRequest request, [DurableClient] DurableTaskClient client, string jobId) =>
        JobEndpoints.DeleteAsync(jobId, client, media, clips, SeedFunctions.Aborted(request));

    /// <summary>POST /api/mv/jobs/{jobId}/scenes/{scene}/prompt.</summary>
    [Function("HttpEditScenePrompt")]
    public Task<IResult> EditPromptAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/mv/jobs/{jobId}/scenes/{scene}/prompt")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string jobId, string scene) =>
        JobEndpoints.EditAsync(SeedFunctions.Http(request), jobId, scene, client, JobEndpoints.EditKind.Prompt);

    /// <summary>POST /api/mv/jobs/{jobId}/scenes/{scene}/regenerate_prompt.</summary>
    [Function("HttpRegenerateScenePrompt")]
    public Task<IResult> RegeneratePromptAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/mv/jobs/{jobId}/scenes/{scene}/regenerate_prompt")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string jobId, string scene) =>
        JobEndpoints.EditAsync(SeedFunctions.Http(request), jobId, scene, client, JobEndpoints.EditKind.RegeneratePrompt);

    /// <summary>POST /api/mv/jobs/{jobId}/scenes/{scene}/regenerate_clip.</summary>
    [Function("HttpRegenerateSceneClip")]
    public Task<IResult> RegenerateClipAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/mv/jobs/{jobId}/scenes/{scene}/regenerate_clip")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string jobId, string scene) =>
        JobEndpoints.EditAsync(SeedFunctions.Http(request), jobId, scene, client, JobEndpoints.EditKind.RegenerateClip);

    /// <summary>POST /api/mv/jobs/{jobId}/restitch.</summary>
    [Function("HttpRestitchJob")]
    public Task<IResult> RestitchAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/mv/jobs/{jobId}/restitch")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string jobId) =>
        JobEndpoints.RestitchAsync(SeedFunctions.Http(request), jobId, client, media);
}
