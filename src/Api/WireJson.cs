using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicVideo.Api;

/// <summary>The response JSON settings of the product routes, applied by every host to its HTTP JSON options.</summary>
public static class WireJson
{
    /// <summary>snake_case (the seed's field names), strict numbers, text left readable.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }
}
