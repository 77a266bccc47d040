using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MusicVideo.Api.Management;

/// <summary>Reads management request bodies (orchestration inputs, event payloads) with a documented size cap, streaming.</summary>
public static class ManagementBody
{
    /// <summary>The largest body accepted by the management routes (the same cap as the /api/mv JSON routes).</summary>
    public const int MaxBytes = ApiJson.MaxJsonBytes;

    /// <summary>The 413 answer for a body over <see cref="MaxBytes"/>.</summary>
    public static IResult TooLarge() => DurableManagementEndpoints.Error(
        413, "payload_too_large", $"The request body is larger than {MaxBytes / 1024} KB, the limit for orchestration inputs and event payloads; store large data elsewhere and pass its id.");

    /// <summary>
    /// Reads an optional JSON body: never more than <see cref="MaxBytes"/> is buffered (a declared or streamed larger body gets 413
    /// without reading the rest); an empty body is null.
    /// </summary>
    public static async Task<(JsonNode? Value, IResult? Error)> ReadJsonAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            int length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBytes + 1 - length), request.HttpContext.RequestAborted)) > 0)
            {
                length += read;
                if (length > MaxBytes)
                {
                    return (null, TooLarge());
                }
            }

            var bytes = buffer.AsMemory(0, length);
            if (IsWhiteSpace(bytes.Span))
            {
                return (null, null);
            }

            if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return (null, DurableManagementEndpoints.Error(400, "unsupported_content_type", "Only application/json request content is supported; send the body with Content-Type: application/json."));
            }

            try
            {
                return (JsonNode.Parse(bytes.Span), null);
            }
            catch (JsonException ex)
            {
                return (null, DurableManagementEndpoints.Error(400, "invalid_json",
                    $"The body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}); check quotes, commas, brackets and that the text is UTF-8."));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    static bool IsWhiteSpace(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
