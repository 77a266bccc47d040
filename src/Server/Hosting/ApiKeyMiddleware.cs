using System.Security.Cryptography;
using System.Text;
using MusicVideo.Api.Management;

namespace MusicVideo.Server.Hosting;

/// <summary>When MV_API_KEYS is set (comma-separated), every /api and /runtime request needs X-API-Key or ?api_key=.</summary>
sealed class ApiKeyMiddleware(RequestDelegate next)
{
    readonly byte[][] _keys = (Environment.GetEnvironmentVariable("MV_API_KEYS") ?? string.Empty)
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))
        .ToArray();

    public async Task InvokeAsync(HttpContext http)
    {
        // Provider webhooks cannot send our key; they are authenticated by their signature instead.
        bool protectedPath = (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/runtime"))
            && !http.Request.Path.StartsWithSegments(MusicVideo.Core.Providers.Replicate.ReplicateWebhooks.Route);
        if (_keys.Length == 0 || !protectedPath)
        {
            await next(http);
            return;
        }

        string? key = http.Request.Headers["X-API-Key"].FirstOrDefault() ?? http.Request.Query["api_key"].FirstOrDefault();
        byte[]? hash = key is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(key));
        if (hash is null || !_keys.Any(k => CryptographicOperations.FixedTimeEquals(k, hash)))
        {
            await DurableManagementEndpoints.Error(401, "unauthorized", "Send a valid API key in the X-API-Key header (or ?api_key=).").ExecuteAsync(http);
            return;
        }

        await next(http);
    }
}
