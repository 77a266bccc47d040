using MusicVideo.Core.Providers;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Activities;
using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask.Client;
using MusicVideo.Api.Requests;

namespace MusicVideo.Api;

/// <summary>The seed-compatible /api/mv routes: same paths, field names and (by default) held answers; the work runs as orchestrations.</summary>
public static class SeedEndpoints
{
    public static void MapSeedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", HealthAsync).WithTags("Seed compatible");
        var mv = app.MapGroup("/api/mv").WithTags("Seed compatible").AddEndpointFilter<SeedErrorShapeFilter>();
        mv.MapGet("/get_director_configs", DirectorConfigs);
        mv.MapPost("/create_scenes", CreateScenesAsync).Accepts<CreateScenesRequest>("application/json");
        mv.MapPost("/generate_character_reference", GenerateCharacterReferenceAsync).Accepts<GenerateCharacterReferenceRequest>("application/json");
        mv.MapPost("/generate_video", GenerateVideoAsync).Accepts<GenerateVideoRequest>("application/json");
        mv.MapPost("/stitch-videos", StitchVideosAsync).Accepts<StitchVideosRequest>("application/json");
        mv.MapMediaRoutes();
    }

    /// <summary>The seed's health probe, same fields ({status: "healthy", service, version}); 503 "unhealthy" when the durable store does not answer.</summary>
    internal static async Task<IResult> HealthAsync(DurableTaskClient client, ILoggerFactory loggers, CancellationToken cancellation)
    {
        string version = typeof(SeedEndpoints).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            _ = await client.GetInstanceAsync("health-probe", cancellation: timeout.Token);
            return Results.Json(new { status = "healthy", service = "musicvideo", version });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            loggers.CreateLogger("MusicVideo.Api.Health").LogWarning("Health probe: the durable store did not answer ({ErrorType}: {Message}).", ex.GetType().Name, ex.Message);
            return Results.Json(new { status = "unhealthy", service = "musicvideo", version, message = "The durable store did not answer; see the server log." }, statusCode: 503);
        }
    }

    /// <summary>GET /api/mv/get_director_configs: the director styles.</summary>
    internal static IResult DirectorConfigs() => Results.Json(new
    {
        configs = DirectorStyles.Ids.Order(StringComparer.Ordinal).ToArray(),
        styles = DirectorStyles.All,
    });

    /// <summary>POST /api/mv/create_scenes.</summary>
    internal static async Task<IResult> CreateScenesAsync(HttpContext http, DurableTaskClient client)
    {
        var (body, error) = await ApiJson.ReadAsync<CreateScenesRequest>(http.Request);
        if (error is not null || !LongOperation.TryParse(http, LongOperation.SeedHold(http), out var call, out error))
        {
            return error!;
        }

        var input = JobEndpoints.JobInput(body!.Idea, body.CharacterDescription, body.NumberOfScenes, body.Mode, body.DirectorStyle, body.AspectRatio, body.Seed);
        if (body.ProjectId is not null)
        {
            return Errors.BadRequest("project_id is not supported by this service; start a job with POST /api/mv/jobs instead.");
        }

        if (JobInputValidator.Validate(input) is { } problem)
        {
            return Errors.BadRequest(problem);
        }

        var request = new ScenePlanRequest(input.Idea, input.CharacterDescription, input.SceneCount, input.Mode, input.DirectorStyle, input.Seed, input.AspectRatio);
        return await LongOperation.StartAsync(http, client, call, WorkflowNames.CreateScenes, request, done =>
        {
            var plan = done.ReadOutputAs<ScenePlan>()!;
            return Results.Json(new
            {
                scenes = plan.Scenes.Select(s => new { description = s.Description, negative_description = s.NegativeDescription }),
                output_files = (object?)null,
                metadata = new
                {
                    idea = input.Idea,
                    number_of_scenes = plan.Scenes.Count,
                    mode = plan.Mode,
                    director_style = plan.DirectorStyle,
                    model_used = plan.Model,
                    cost_usd = plan.CostUsd,
                    usage = plan.Usage,
                    parameters_used = new
                    {
                        character_characteristics = body.CharacterCharacteristics ?? "default from config",
                        video_type = body.VideoType ?? "default from config",
                        video_characteristics = body.VideoCharacteristics ?? "default from config",
                        camera_angle = body.CameraAngle ?? "default from config",
                    },
                },
            });
        });
    }

    /// <summary>POST /api/mv/generate_character_reference.</summary>
    internal static async Task<IResult> GenerateCharacterReferenceAsync(HttpContext http, DurableTaskClient client)
    {
        var (body, error) = await ApiJson.ReadAsync<GenerateCharacterReferenceRequest>(http.Request);
        if (error is not null || !LongOperation.TryParse(http, LongOperation.SeedHold(http), out var call, out error))
        {
            return error!;
        }

        int count = body!.NumImages ?? 4;
        string aspect = body.AspectRatio ?? AspectRatios.Square;
        string? problem = JobInputValidator.Text(body.CharacterDescription, "character_description") ??
            (count is < 1 or > 4 ? $"num_images must be between 1 and 4; got {count}." : null) ??
            (AspectRatios.IsValid(aspect) ? null : $"aspect_ratio must be one of {string.Join(", ", AspectRatios.All)}; got '{aspect}'.") ??
            (body.OutputFormat is null or "png" ? null : $"output_format must be 'png' (the local image generator writes PNG); got '{body.OutputFormat}'.");
        if (problem is not null)
        {
            return Errors.BadRequest(problem);
        }

        var input = new CharacterReferencesInput(body.CharacterDescription!, count, aspect, body.Seed ?? 0, body.NegativePrompt);
        return await LongOperation.StartAsync(http, client, call, WorkflowNames.CharacterReferences, input, done =>
        {
            var result = done.ReadOutputAs<CharacterReferencesResult>()!;
            return MediaLinks.Json(async (media, ct) => new
            {
                images = await Task.WhenAll(result.Images.Select(async i => new { id = i.ImageId, path = (string?)null, cloud_url = (string?)null, image_url = await MediaLinks.UrlAsync(media, MediaKind.CharacterReference, i.ImageId, ct), cost_usd = i.CostUsd })),
                warnings = result.Warnings,
                metadata = new
                {
                    character_description = input.CharacterDescription,
                    backend_used = http.RequestServices.GetRequiredService<ImageGenerator>().Name,
                    model_used = http.RequestServices.GetRequiredService<ImageGenerator>().Model,
                    num_images_requested = count,
                    num_images_generated = result.Images.Count,
                    cost_usd = result.CostUsd,
                    parameters_used = new { aspect_ratio = aspect, output_format = "png", negative_prompt = body.NegativePrompt, seed = body.Seed },
                    generation_timestamp = done.LastUpdatedAt.UtcDateTime.ToString("o"),
                },
            });
        });
    }

    /// <summary>POST /api/mv/generate_video.</summary>
    internal static async Task<IResult> GenerateVideoAsync(HttpContext http, DurableTaskClient client, MediaStore media, MediaImporter importer)
    {
        var (body, error) = await ApiJson.ReadAsync<GenerateVideoRequest>(http.Request);
        if (error is not null || !LongOperation.TryParse(http, LongOperation.SeedHold(http), out var call, out error))
        {
            return error!;
        }

        string aspect = body!.AspectRatio ?? AspectRatios.Landscape;
        int duration = body.Duration ?? 8;
        string? problem = JobInputValidator.Text(body.Prompt, "prompt", Scene.MaxDescriptionLength) ??
            (body.NegativePrompt is { Length: > Scene.MaxNegativeDescriptionLength }
                ? $"negative_prompt is {body.NegativePrompt.Length:N0} characters; the limit is {Scene.MaxNegativeDescriptionLength:N0}."
                : null) ??
            (AspectRatios.IsValid(aspect) ? null : $"aspect_ratio must be one of {string.Join(", ", AspectRatios.All)}; got '{aspect}'.") ??
            (ClipRequest.AllowedDurations.Contains(duration) ? null : $"duration must be one of {string.Join(", ", ClipRequest.AllowedDurations)} seconds; got {duration}.") ??
            (body.Backend is null or "local" ? null : $"backend '{body.Backend}' is not configured on this server; use 'local' or leave it out.") ??
            (body.ProjectId is null && body.Sequence is null ? null : "project_id and sequence are not supported by this service; use POST /api/mv/jobs.");
        if (problem is not null)
        {
            return Errors.BadRequest(problem);
        }

        Guid? reference = null;
        string? warning = null;
        if (body.CharacterReferenceId is not null)
        {
            if (!Errors.TryParseId(body.CharacterReferenceId, "character_reference_id", out var id, out error))
            {
                return error!;
            }

            if (await media.ExistsAsync(MediaKind.CharacterReference, id, http.RequestAborted))
            {
                reference = id;
            }
            else
            {
                warning = $"Character reference image with UUID '{id}' not found";
            }
        }

        if (reference is null && body.ReferenceImageBase64 is { Length: > 0 } base64)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                return Errors.BadRequest("reference_image_base64 is not valid base64 (deprecated: upload the image and pass character_reference_id).");
            }

            // A retry with the same Idempotency-Key reuses the image the first request imported instead of storing it again.
            if (await LongOperation.FindExistingAsync(http, client, call) is { Name: WorkflowNames.GenerateClip } earlier &&
                earlier.ReadInputAs<ClipJob>()?.CharacterReferenceId is { } imported)
            {
                reference = imported;
            }
            else
            {
                try
                {
                    reference = (await importer.ImportImageAsync(new MemoryStream(bytes), "reference_image", http.RequestAborted)).Id;
                }
                catch (InvalidDataException ex)
                {
                    return Errors.BadRequest("reference_image_base64: " + ex.Message);
                }
            }
        }

        var job = new ClipJob(body.Prompt!, body.NegativePrompt, aspect, duration, body.Seed, reference);
        return await LongOperation.StartAsync(http, client, call, WorkflowNames.GenerateClip, job, done =>
        {
            var clip = done.ReadOutputAs<ClipAsset>()!;
            return MediaLinks.Json(async (media, ct) => new
            {
                video_id = clip.VideoId,
                video_path = (string?)null,
                video_url = await MediaLinks.UrlAsync(media, MediaKind.Video, clip.VideoId, ct),
                metadata = new
                {
                    prompt = job.Prompt,
                    negative_prompt = job.NegativePrompt,
                    aspect_ratio = aspect,
                    duration,
                    seed = job.Seed,
                    backend_used = clip.BackendUsed ?? "local",
                    model_used = clip.ModelUsed,
                    cost_usd = clip.CostUsd,
                    character_reference_id = reference,
                    duration_seconds = clip.DurationSeconds,
                    width = clip.Width,
                    height = clip.Height,
                    provider_job_id = clip.ProviderJobId,
                },
                character_reference_warning = warning,
            });
        }, new { character_reference_warning = warning });
    }

    /// <summary>POST /api/mv/stitch-videos.</summary>
    internal static async Task<IResult> StitchVideosAsync(HttpContext http, DurableTaskClient client, MediaStore media)
    {
        var (body, error) = await ApiJson.ReadAsync<StitchVideosRequest>(http.Request);
        if (error is not null || !LongOperation.TryParse(http, LongOperation.SeedHold(http), out var call, out error))
        {
            return error!;
        }

        if (body!.VideoIds is not { Count: > 0 } videoIds)
        {
            return Errors.BadRequest("video_ids must be a non-empty array of video ids, in the order to stitch.");
        }

        if (videoIds.Count > 200)
        {
            return Errors.BadRequest($"video_ids has {videoIds.Count} entries; at most 200 clips can be stitched at once.");
        }

        var ids = new List<Guid>(videoIds.Count);
        for (int i = 0; i < videoIds.Count; i++)
        {
            if (!Errors.TryParseId(videoIds[i], $"video_ids[{i}]", out var id, out error))
            {
                return error!;
            }

            if (!await media.ExistsAsync(MediaKind.Video, id, http.RequestAborted))
            {
                return Errors.NotFound($"video_ids[{i}]: video '{id}' was not found.", new { missing_id = id });
            }

            ids.Add(id);
        }

        Guid? song = null;
        if (body.AudioOverlayId is not null)
        {
            if (!Errors.TryParseId(body.AudioOverlayId, "audio_overlay_id", out var id, out error))
            {
                return error!;
            }

            if (!await media.ExistsAsync(MediaKind.Audio, id, http.RequestAborted))
            {
                return Errors.NotFound($"audio_overlay_id: audio '{id}' was not found; upload it with POST /api/mv/songs.", new { missing_id = id });
            }

            song = id;
        }

        var input = new StitchJobInput(ids, song, body.SuppressVideoAudio ?? false);
        return await LongOperation.StartAsync(http, client, call, WorkflowNames.Stitch, input, done =>
        {
            var output = done.ReadOutputAs<StitchOutput>()!;
            return MediaLinks.Json(async (media, ct) => new
            {
                video_id = output.VideoId,
                video_path = (string?)null,
                video_url = await MediaLinks.UrlAsync(media, MediaKind.Video, output.VideoId, ct),
                metadata = new { video_ids = ids, duration_seconds = output.DurationSeconds, normalised_clips = output.NormalisedClips, suppress_video_audio = input.SuppressClipAudio },
                audio_overlay_applied = output.SongApplied,
                audio_overlay_warning = (string?)null,
            });
        });
    }
}
