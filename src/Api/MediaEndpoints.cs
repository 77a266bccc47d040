using MusicVideo.Core.Storage;

namespace MusicVideo.Api;

/// <summary>Serving and uploading media: videos, character references and songs.</summary>
public static class MediaEndpoints
{
    const long MaxImageBytes = 10 * 1024 * 1024;
    // Room for a 10-minute uncompressed WAV (~106 MB); below the multipart reader's default 128 MB body limit.
    const long MaxSongBytes = 120 * 1024 * 1024;

    public static void MapMediaRoutes(this RouteGroupBuilder mv)
    {
        mv.MapGet("/get_video/{videoId}", (HttpContext http, string videoId, MediaStore media) => ServeAsync(http, media, MediaKind.Video, videoId, "video_id"));
        mv.MapGet("/get_video/{videoId}/info", InfoAsync);
        mv.MapGet("/get_character_reference/{imageId}", (HttpContext http, string imageId, MediaStore media) =>
            ServeAsync(http, media, MediaKind.CharacterReference, imageId, "image_id"));
        mv.MapGet("/get_audio/{audioId}", (HttpContext http, string audioId, MediaStore media) => ServeAsync(http, media, MediaKind.Audio, audioId, "audio_id"));
        mv.MapPost("/upload_character_reference", UploadImageAsync).DisableAntiforgery();
        mv.MapPost("/songs", UploadSongAsync).DisableAntiforgery();
    }

    /// <summary>GET /api/mv/get_video|get_character_reference|get_audio/{id}: the media bytes.</summary>
    internal static async Task<IResult> ServeAsync(HttpContext http, MediaStore media, MediaKind kind, string text, string field)
    {
        if (!Errors.TryParseId(text, field, out var id, out var error))
        {
            return error!;
        }

        string? redirectText = http.Request.Query["redirect"].FirstOrDefault();
        bool redirect = false;
        if (redirectText is not null && !bool.TryParse(redirectText, out redirect))
        {
            return Errors.BadRequest($"redirect must be 'true' or 'false'; got '{redirectText}'.");
        }

        if (media.ServesFromCloud)
        {
            // Serving from the cloud (seed §3.5, with the existence check the seed skipped): a fresh presigned/SAS URL on every read.
            var link = await media.GetCloudLinkAsync(kind, id, http.RequestAborted);
            if (link is null)
            {
                return Errors.NotFound($"{field} '{id}' was not found.");
            }

            http.Response.Headers.CacheControl = "no-store";
            if (redirect)
            {
                return Results.Redirect(link.Url.AbsoluteUri);
            }

            return Results.Json(new Dictionary<string, object?>
            {
                [field] = id,
                [UrlField(kind)] = link.Url.AbsoluteUri,
                ["storage_backend"] = media.BackendName,
                ["expires_in_seconds"] = link.ExpiresInSeconds,
                ["cloud_path"] = link.CloudPath,
            });
        }

        // Served through the API: there is no other URL to redirect to, so both redirect values get the bytes (seed: local mode).
        // Local files go out as files; cloud objects stream through with range support.
        var metadata = await media.GetMetadataAsync(kind, id, http.RequestAborted);
        string contentType = metadata?.ContentType ?? "application/octet-stream";
        string? path = await media.TryGetLocalPathAsync(kind, id, http.RequestAborted);
        if (path is not null)
        {
            return Results.File(path, contentType, Path.GetFileName(path), enableRangeProcessing: true);
        }

        var stream = metadata is null ? null : await media.OpenReadAsync(kind, id, http.RequestAborted);
        if (stream is null)
        {
            return Errors.NotFound($"{field} '{id}' was not found.");
        }

        return Results.Stream(stream, contentType, metadata!.FileName, lastModified: metadata.CreatedAt, enableRangeProcessing: true);
    }

    static string UrlField(MediaKind kind) => kind switch
    {
        MediaKind.Video => "video_url",
        MediaKind.CharacterReference => "image_url",
        _ => "audio_url",
    };

    /// <summary>GET /api/mv/get_video/{videoId}/info.</summary>
    internal static async Task<IResult> InfoAsync(string videoId, MediaStore media, CancellationToken cancellation)
    {
        if (!Errors.TryParseId(videoId, "video_id", out var id, out var error))
        {
            return error!;
        }

        var metadata = await media.GetMetadataAsync(MediaKind.Video, id, cancellation);
        string servingMode = media.ServesFromCloud ? "cloud" : "local";
        if (metadata is null)
        {
            return Results.Json(new { video_id = id, exists = false, file_size_bytes = (long?)null, created_at = (DateTimeOffset?)null, serving_mode = servingMode, storage_backend = media.BackendName, duration_seconds = (double?)null, width = (int?)null, height = (int?)null, video_url = (string?)null });
        }

        var link = media.ServesFromCloud ? await media.GetCloudLinkAsync(MediaKind.Video, id, cancellation) : null;
        return Results.Json(new
        {
            video_id = id,
            exists = true,
            file_size_bytes = (long?)metadata.SizeBytes,
            created_at = (DateTimeOffset?)metadata.CreatedAt,
            serving_mode = servingMode,
            storage_backend = media.BackendName,
            duration_seconds = metadata.DurationSeconds,
            width = metadata.Width,
            height = metadata.Height,
            video_url = link?.Url.AbsoluteUri ?? MediaStore.ApiRouteFor(MediaKind.Video, id),
            cloud_url = link?.Url.AbsoluteUri,
            cloud_storage = link is null ? null : new { backend = media.BackendName, expires_in_seconds = link.ExpiresInSeconds, cloud_path = link.CloudPath },
        });
    }

    /// <summary>POST /api/mv/upload_character_reference.</summary>
    internal static async Task<IResult> UploadImageAsync(HttpContext http, MediaImporter importer, MediaStore media)
    {
        var (file, error) = await ReadFileAsync(http.Request, MaxImageBytes, "an image (PNG, JPEG or WebP)");
        if (error is not null)
        {
            return error;
        }

        if (file!.ContentType is { Length: > 0 } type && !type.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            return Errors.BadRequest($"The file's content type is '{type}'; upload an image (PNG, JPEG or WebP).");
        }

        try
        {
            await using var stream = file.OpenReadStream();
            var stored = await importer.ImportImageAsync(stream, file.FileName, http.RequestAborted);
            return Results.Json(new
            {
                image_id = stored.Id,
                image_url = await media.GetUrlAsync(MediaKind.CharacterReference, stored.Id, http.RequestAborted),
                filename = stored.OriginalFileName,
                content_type = stored.ContentType,
                file_size = stored.SizeBytes,
            });
        }
        catch (InvalidDataException ex)
        {
            return Errors.BadRequest(ex.Message);
        }
    }

    /// <summary>POST /api/mv/songs.</summary>
    internal static async Task<IResult> UploadSongAsync(HttpContext http, MediaImporter importer, MediaStore media)
    {
        // Songs may be larger than the server-wide body limit; the route's own limit applies (the body goes to disk, then up in parts).
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit
            && bodyLimit.MaxRequestBodySize < MaxSongBytes + (64 * 1024))
        {
            bodyLimit.MaxRequestBodySize = MaxSongBytes + (64 * 1024);
        }

        var (file, error) = await ReadFileAsync(http.Request, MaxSongBytes, "a song (mp3, wav, m4a, aac, ogg or flac)");
        if (error is not null)
        {
            return error;
        }

        try
        {
            await using var stream = file!.OpenReadStream();
            var stored = await importer.ImportSongAsync(stream, file.FileName, http.RequestAborted);
            return Results.Json(new
            {
                song_id = stored.Id,
                audio_url = await media.GetUrlAsync(MediaKind.Audio, stored.Id, http.RequestAborted),
                duration_seconds = stored.DurationSeconds,
                filename = stored.OriginalFileName,
                content_type = stored.ContentType,
                file_size = stored.SizeBytes,
            }, statusCode: StatusCodes.Status201Created);
        }
        catch (InvalidDataException ex)
        {
            return Errors.BadRequest(ex.Message);
        }
    }

    /// <summary>Says which multipart limit a form broke: the field count, a part's header size, or the body size.</summary>
    static IResult FormLimit(string message, long maxBytes, string what)
    {
        if (message.Contains("value count", StringComparison.OrdinalIgnoreCase))
        {
            return Errors.BadRequest($"The form has too many fields (at most 1,024); send one field named 'file' carrying {what}.");
        }

        if (message.Contains("headers", StringComparison.OrdinalIgnoreCase) || message.Contains("line length", StringComparison.OrdinalIgnoreCase))
        {
            return Errors.BadRequest("A part's headers are too long (at most 16 KB per part); send a plain Content-Disposition and Content-Type for the field 'file'.");
        }

        if (message.Contains("key length", StringComparison.OrdinalIgnoreCase))
        {
            return Errors.BadRequest("A form field name is too long (at most 2,048 characters); name the field 'file'.");
        }

        return Errors.Status(413, "payload_too_large", $"The upload is larger than {maxBytes / (1024 * 1024)} MB.");
    }

    /// <summary>Reads the multipart field "file", enforcing a size limit with a message that says what to send.</summary>
    static async Task<(IFormFile? File, IResult? Error)> ReadFileAsync(HttpRequest request, long maxBytes, string what)
    {
        if (!request.HasFormContentType)
        {
            return (null, Errors.Status(415, "unsupported_media_type", $"Send multipart/form-data with {what} in a field named 'file'."));
        }

        if (request.ContentLength > maxBytes + (64 * 1024))
        {
            return (null, Errors.Status(413, "payload_too_large", $"The upload is larger than {maxBytes / (1024 * 1024)} MB."));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Errors.Status(413, "payload_too_large", $"The upload is larger than {maxBytes / (1024 * 1024)} MB."));
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, FormLimit(ex.Message, maxBytes, what));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, Errors.BadRequest($"The multipart body is malformed; send multipart/form-data (with its boundary) carrying {what} in a field named 'file'."));
        }

        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return (null, Errors.BadRequest($"The multipart body has no non-empty field named 'file'; attach {what} as 'file'."));
        }

        return file.Length > maxBytes
            ? (null, Errors.Status(413, "payload_too_large", $"The file is {file.Length / (1024 * 1024.0):0.0} MB; the limit is {maxBytes / (1024 * 1024)} MB."))
            : (file, null);
    }
}
