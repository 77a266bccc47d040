using MusicVideo.Core.Providers;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask.Client;
using MusicVideo.Api.Requests;

namespace MusicVideo.Api;

/// <summary>Music video jobs: start, typed view, and edits that make a new cut reusing every untouched clip.</summary>
public static class JobEndpoints
{
    public static void MapJobApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/mv/jobs").WithTags("Jobs");
        jobs.MapPost("/", CreateAsync).Accepts<CreateJobRequest>("application/json");
        jobs.MapGet("/{jobId}", GetAsync);
        jobs.MapDelete("/{jobId}", DeleteAsync);
        jobs.MapPost("/{jobId}/scenes/{scene}/prompt", (HttpContext http, string jobId, string scene, DurableTaskClient client) =>
            EditAsync(http, jobId, scene, client, EditKind.Prompt)).Accepts<EditSceneRequest>("application/json");
        jobs.MapPost("/{jobId}/scenes/{scene}/regenerate_prompt", (HttpContext http, string jobId, string scene, DurableTaskClient client) =>
            EditAsync(http, jobId, scene, client, EditKind.RegeneratePrompt)).Accepts<EditSceneRequest>("application/json");
        jobs.MapPost("/{jobId}/scenes/{scene}/regenerate_clip", (HttpContext http, string jobId, string scene, DurableTaskClient client) =>
            EditAsync(http, jobId, scene, client, EditKind.RegenerateClip)).Accepts<EditSceneRequest>("application/json");
        jobs.MapPost("/{jobId}/restitch", RestitchAsync).Accepts<RestitchRequest>("application/json");
    }

    /// <summary>Which scene edit a request asks for.</summary>
    internal enum EditKind
    {
        Prompt,
        RegeneratePrompt,
        RegenerateClip,
    }

    /// <summary>A job input from the request fields shared by create_scenes and jobs, with the API's defaults.</summary>
    internal static MusicVideoJobInput JobInput(
        string? idea, string? characterDescription, int? scenes, string? mode, string? directorStyle, string? aspectRatio, int? seed) => new()
    {
        Idea = idea ?? string.Empty,
        CharacterDescription = characterDescription ?? string.Empty,
        SceneCount = scenes ?? ScenePlanRequest.DefaultNumberOfScenes,
        Mode = mode ?? ScenePlanModes.MusicVideo,
        DirectorStyle = directorStyle,
        AspectRatio = aspectRatio ?? AspectRatios.Landscape,
        Seed = seed ?? 0,
    };

    /// <summary>POST /api/mv/jobs: validates the job and starts it.</summary>
    internal static async Task<IResult> CreateAsync(HttpContext http, DurableTaskClient client, MediaStore media, MusicVideoOptions options)
    {
        var (body, error) = await ApiJson.ReadAsync<CreateJobRequest>(http.Request);
        if (error is not null || !LongOperation.TryParse(http, TimeSpan.Zero, out var call, out error))
        {
            return error!;
        }

        var input = JobInput(body!.Idea, body.CharacterDescription, body.NumberOfScenes, body.Mode, body.DirectorStyle, body.AspectRatio, body.Seed) with
        {
            ClipDurationSeconds = body.ClipDuration ?? 8,
            LoopSong = body.LoopSong ?? false,

            // Fixed into the input now, so a configuration change never alters a running job (replay determinism).
            ClipAttempts = options.ClipAttempts,
            ClipRetryDelaySeconds = options.ClipRetryDelay.TotalSeconds,
        };
        if (JobInputValidator.Validate(input) is { } problem)
        {
            return Errors.BadRequest(problem);
        }

        if (body.CharacterReferenceId is not null)
        {
            var (id, idError) = await ExistingAsync(media, MediaKind.CharacterReference, body.CharacterReferenceId, "character_reference_id", http.RequestAborted);
            if (idError is not null)
            {
                return idError;
            }

            input = input with { CharacterReferenceId = id };
        }

        if (body.SongId is not null)
        {
            var (id, idError) = await ExistingAsync(media, MediaKind.Audio, body.SongId, "song_id", http.RequestAborted);
            if (idError is not null)
            {
                return idError;
            }

            input = input with { SongId = id };
        }

        return await StartJobAsync(http, client, input, call);
    }

    /// <summary>GET /api/mv/jobs/{jobId}: the typed job view.</summary>
    internal static async Task<IResult> GetAsync(string jobId, DurableTaskClient client, CancellationToken cancellation)
    {
        var metadata = await client.GetInstanceAsync(jobId, getInputsAndOutputs: true, cancellation);
        return metadata is null || metadata.Name != WorkflowNames.MusicVideoJob
            ? Errors.NotFound($"No music video job with id '{jobId}' exists.")
            : MediaLinks.Json(async (media, ct) => await MediaLinks.WithUrlsAsync(JobView.From(metadata), media, ct));
    }

    /// <summary>DELETE /api/mv/jobs/{jobId}: the job, its clip sub-orchestrations and the media only it uses.</summary>
    internal static async Task<IResult> DeleteAsync(string jobId, DurableTaskClient client, MediaStore media, ClipGenerator clips, CancellationToken cancellation)
    {
        var (outcome, refusal, status) = await new JobDeleter(client, media, clips).DeleteAsync(jobId, cancellation);
        return refusal switch
        {
            JobDeleter.Refusal.NotFound => Errors.NotFound($"No music video job with id '{jobId}' exists."),
            JobDeleter.Refusal.Running => Errors.Status(409, "conflict", $"Job '{jobId}' is {status}; terminate it (POST /runtime/webhooks/durabletask/instances/{jobId}/terminate) before deleting it."),
            _ => Results.Json(new
            {
                job_id = outcome!.JobId,
                instances_deleted = outcome.InstancesDeleted,
                deleted_video_ids = outcome.DeletedVideoIds,
                kept_video_ids = outcome.KeptVideoIds,
            }),
        };
    }

    /// <summary>POST /api/mv/jobs/{jobId}/scenes/{scene}/...: a new cut with one scene edited.</summary>
    internal static async Task<IResult> EditAsync(HttpContext http, string jobId, string sceneText, DurableTaskClient client, EditKind kind)
    {
        // The scene is parsed here rather than by route binding, so a bad value gets a message that names it.
        if (!int.TryParse(sceneText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int scene))
        {
            return Errors.BadRequest($"scene must be a scene number from 1 (as in /scenes/2/...); got '{(sceneText.Length > 20 ? sceneText[..20] + "…" : sceneText)}'.");
        }

        var (body, error) = await ReadOptionalAsync(http.Request, new EditSceneRequest());
        if (error is not null || !LongOperation.TryParse(http, TimeSpan.Zero, out var call, out error))
        {
            return error!;
        }

        var (baseInput, result, baseError) = await LoadFinishedAsync(client, jobId, http.RequestAborted);
        if (baseError is not null)
        {
            return baseError;
        }

        int sceneCount = result!.Scenes.Count;
        if (scene < 1 || scene > sceneCount)
        {
            return Errors.NotFound($"Job '{jobId}' has scenes 1 to {sceneCount}; there is no scene {scene}.");
        }

        int index = scene - 1;
        var drafts = result.Scenes.Select(s => new SceneDraft(s.Prompt, s.NegativePrompt ?? string.Empty)).ToList();
        if (kind == EditKind.Prompt)
        {
            string? problem = JobInputValidator.Text(body!.Prompt, "prompt", Scene.MaxDescriptionLength) ??
                (body.NegativePrompt is { Length: > Scene.MaxNegativeDescriptionLength } ? $"negative_prompt is longer than {Scene.MaxNegativeDescriptionLength:N0} characters." : null);
            if (problem is not null)
            {
                return Errors.BadRequest(problem);
            }

            drafts[index] = new SceneDraft(body.Prompt!, body.NegativePrompt ?? drafts[index].NegativeDescription);
        }
        else if (body!.Prompt is not null || body.NegativePrompt is not null)
        {
            return Errors.BadRequest("prompt and negative_prompt only apply to POST …/scenes/{scene}/prompt; regenerations take an optional seed.");
        }

        // A new seed gives the regenerated prompt or clip a different result; untouched scenes keep their clips.
        int seed = body.Seed ?? baseInput!.Seed + 7919;
        var reuse = result.Scenes.Where(s => s.Index != index && s.VideoId is not null).ToDictionary(s => s.Index, s => s.VideoId!.Value);
        var input = baseInput! with
        {
            ParentJobId = jobId,
            Scenes = drafts,
            ReuseClips = reuse,
            RewriteScenes = kind == EditKind.RegeneratePrompt ? [index] : null,
            Seed = kind == EditKind.Prompt ? baseInput.Seed : seed,
        };
        return await StartJobAsync(http, client, input, call);
    }

    /// <summary>POST /api/mv/jobs/{jobId}/restitch: a new cut from the same clips.</summary>
    internal static async Task<IResult> RestitchAsync(HttpContext http, string jobId, DurableTaskClient client, MediaStore media)
    {
        var (body, error) = await ReadOptionalAsync(http.Request, new RestitchRequest());
        if (error is not null || !LongOperation.TryParse(http, TimeSpan.Zero, out var call, out error))
        {
            return error!;
        }

        var (baseInput, result, baseError) = await LoadFinishedAsync(client, jobId, http.RequestAborted);
        if (baseError is not null)
        {
            return baseError;
        }

        var input = baseInput! with
        {
            ParentJobId = jobId,
            Scenes = result!.Scenes.Select(s => new SceneDraft(s.Prompt, s.NegativePrompt ?? string.Empty)).ToList(),
            ReuseClips = result.Scenes.Where(s => s.VideoId is not null).ToDictionary(s => s.Index, s => s.VideoId!.Value),
            RewriteScenes = null,
            LoopSong = body!.LoopSong ?? baseInput.LoopSong,
        };
        if (body.SongId is not null)
        {
            var (song, songError) = await ExistingAsync(media, MediaKind.Audio, body.SongId, "song_id", http.RequestAborted);
            if (songError is not null)
            {
                return songError;
            }

            input = input with { SongId = song };
        }

        return await StartJobAsync(http, client, input, call);
    }

    static Task<IResult> StartJobAsync(HttpContext http, DurableTaskClient client, MusicVideoJobInput input, LongOperationCall call) =>
        LongOperation.StartAsync(http, client, call, WorkflowNames.MusicVideoJob, input,
            done => MediaLinks.Json(async (media, ct) => await MediaLinks.WithUrlsAsync(JobView.From(done), media, ct)));

    static async Task<(MusicVideoJobInput? Input, MusicVideoJobResult? Result, IResult? Error)> LoadFinishedAsync(
        DurableTaskClient client, string jobId, CancellationToken cancellation)
    {
        var metadata = await client.GetInstanceAsync(jobId, getInputsAndOutputs: true, cancellation);
        if (metadata is null || metadata.Name != WorkflowNames.MusicVideoJob)
        {
            return (null, null, Errors.NotFound($"No music video job with id '{jobId}' exists."));
        }

        if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            return (null, null, Errors.Status(409, "conflict", $"Job '{jobId}' is {metadata.RuntimeStatus}; edits apply to completed jobs."));
        }

        return (metadata.ReadInputAs<MusicVideoJobInput>(), metadata.ReadOutputAs<MusicVideoJobResult>(), null);
    }

    static async Task<(Guid Id, IResult? Error)> ExistingAsync(MediaStore media, MediaKind kind, string text, string field, CancellationToken cancellation)
    {
        if (!Errors.TryParseId(text, field, out var id, out var error))
        {
            return (default, error);
        }

        return await media.ExistsAsync(kind, id, cancellation)
            ? (id, null)
            : (default, Errors.NotFound($"{field}: '{id}' was not found.", new { missing_id = id }));
    }

    /// <summary>Edit bodies are optional: no body means the defaults.</summary>
    static async Task<(T? Value, IResult? Error)> ReadOptionalAsync<T>(HttpRequest request, T empty) where T : class
    {
        if (request.ContentLength is null or 0 && request.ContentType is null)
        {
            return (empty, null);
        }

        return await ApiJson.ReadAsync<T>(request);
    }
}
