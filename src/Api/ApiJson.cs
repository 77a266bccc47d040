using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using MusicVideo.Api.Management;

namespace MusicVideo.Api;

/// <summary>Reads JSON request bodies strictly (snake_case, no unknown fields) and turns every problem into a 4xx that says what to fix.</summary>
static partial class ApiJson
{
    /// <summary>The largest JSON body accepted (prompts are at most a few KB).</summary>
    public const int MaxJsonBytes = 256 * 1024;

    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 16,
    };

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Errors.Status(415, "unsupported_media_type", "Send the body as JSON with the header Content-Type: application/json."));
        }

        if (request.ContentLength > MaxJsonBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, Errors.BadRequest("A JSON object body is required."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return value is null ? (null, Errors.BadRequest("The body must be a JSON object, not null.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Errors.BadRequest(Describe<T>(ex), new { path = ex.Path }));
        }
    }

    static IResult TooLarge() => Errors.Status(413, "payload_too_large", $"The JSON body is larger than {MaxJsonBytes / 1024} KB; shorten the text fields.");

    /// <summary>Explains a deserialization failure in terms of the API's field names, without .NET type names.</summary>
    static string Describe<T>(JsonException ex)
    {
        string message = ex.Message;
        var unknown = UnknownProperty().Match(message);
        if (unknown.Success)
        {
            return $"Unknown field '{unknown.Groups[1].Value}'. Allowed fields: {string.Join(", ", FieldNames(typeof(T)))}.";
        }

        // A value of the wrong type is reported by the converter; anything else is a syntax error in the body.
        bool wrongType = message.Contains("could not be converted", StringComparison.Ordinal);
        string? path = ex.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : null;
        if (!wrongType || path is null)
        {
            return $"The body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}); check quotes, commas and brackets, and that it is complete.";
        }

        string field = path.Split('.', '[')[0];
        bool element = path.Length > field.Length && path[field.Length] == '[';
        var property = typeof(T).GetProperties().FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == field);
        if (property is null)
        {
            return $"Field '{field}' has a value of the wrong type.";
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return element && type.IsGenericType
            ? $"Each entry of '{field}' must be {Expected(type.GetGenericArguments()[0])}."
            : $"Field '{field}' must be {Expected(type)}.";
    }

    static IEnumerable<string> FieldNames(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));

    static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(int) => "a whole number from -2147483648 to 2147483647",
            _ when type == typeof(long) => "a whole number",
            _ when type == typeof(double) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(Guid) => "a UUID string such as \"3f2b8c1e-5d4a-4f6b-9c2d-1a2b3c4d5e6f\"",
            _ when type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => "an array",
            _ => "an object",
        };
    }

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownProperty();
}
