using MusicVideo.Api.Management;

namespace MusicVideo.Api;

/// <summary>The one error shape (error, message, details) for the /api/mv routes.</summary>
public static class Errors
{
    public static IResult Status(int status, string error, string message, object? details = null) =>
        DurableManagementEndpoints.Error(status, error, message, details);

    public static IResult BadRequest(string message, object? details = null) => Status(400, "invalid_request", message, details);

    public static IResult NotFound(string message, object? details = null) => Status(404, "not_found", message, details);

    /// <summary>Our error shape plus the seed's FastAPI <c>detail</c> object holding the same three fields.</summary>
    public static IResult SeedShaped(int status, ErrorBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var detail = new SeedErrorDetail(body.Error, body.Message, body.Details);
        return Results.Json(new SeedErrorBody(body.Error, body.Message, body.Details, detail), SeedJson, statusCode: status);
    }

    /// <summary>Parses an id strictly (a canonical UUID); anything else, including paths like ../x, is a 400 naming the field.</summary>
    public static bool TryParseId(string? text, string field, out Guid id, out IResult? error)
    {
        if (Core.Storage.MediaId.TryParse(text, out id))
        {
            error = null;
            return true;
        }

        error = BadRequest($"{field} must be a UUID such as 3f2b8c1e-5d4a-4f6b-9c2d-1a2b3c4d5e6f; got '{Shorten(text)}'.");
        return false;
    }

    static readonly System.Text.Json.JsonSerializerOptions SeedJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    sealed record SeedErrorDetail(string Error, string Message, object? Details);

    sealed record SeedErrorBody(string Error, string Message, object? Details, SeedErrorDetail Detail);

    static string Shorten(string? text) => text is null ? string.Empty : text.Length > 60 ? text[..60] + "…" : text;
}
