using MusicVideo.Api;
using MusicVideo.Core.Workflow;

namespace MusicVideo.Server.Hosting;

/// <summary>The server's defensive wiring: upload spooling inside the data folder, public links, CORS, a redacted request log and HEAD.</summary>
static class HardeningSetup
{
    /// <summary>The CORS origins setting (comma-separated origins such as http://localhost:3000).</summary>
    public const string CorsOriginsVariable = "MV_CORS_ORIGINS";

    /// <summary>The public base URL setting.</summary>
    public const string PublicBaseUrlVariable = "MV_PUBLIC_BASE_URL";

    /// <summary>Registers the services and settings; throws <see cref="StartupException"/> naming a bad setting.</summary>
    public static void AddHardening(this WebApplicationBuilder builder, MusicVideoOptions options)
    {
        // Multipart bodies larger than 64 KB are buffered to ASPNETCORE_TEMP; inside the data folder they are found and cleaned at start-up.
        string spool = Path.Combine(options.TempDirectory, StaleWorkCleaner.UploadSpoolFolder);
        Directory.CreateDirectory(spool);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEMP", spool);

        var publicUrl = PublicBaseUrl.Parse(Environment.GetEnvironmentVariable(PublicBaseUrlVariable), PublicBaseUrlVariable, out string? problem);
        if (problem is not null)
        {
            throw new StartupException(problem);
        }

        if (publicUrl is not null)
        {
            builder.Services.AddSingleton(publicUrl);
        }

        // The default request log prints the query string, which may carry ?api_key=; RequestLogMiddleware logs a redacted line instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        string[] origins = (Environment.GetEnvironmentVariable(CorsOriginsVariable) ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string origin in origins)
        {
            if (origin != "*" && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/"))
            {
                throw new StartupException($"{CorsOriginsVariable} holds '{origin}', which is not an origin; list origins such as http://localhost:3000 (scheme, host and port, no path), separated by commas.");
            }
        }

        bool development = builder.Environment.IsDevelopment();
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (origins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else if (origins.Length > 0)
            {
                policy.WithOrigins(origins);
            }
            else if (development)
            {
                // Development only: a frontend dev server on this machine (any port) may call the API.
                policy.SetIsOriginAllowed(origin => Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.IsLoopback);
            }
            else
            {
                policy.SetIsOriginAllowed(_ => false);
            }

            policy.AllowAnyHeader().AllowAnyMethod()
                .WithExposedHeaders("Location", "Retry-After", "x-ms-continuation-token", "Content-Disposition")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        }));
    }

    /// <summary>Adds the middleware ahead of routing: the request log, HEAD served by GET routes, and CORS (preflights need no API key).</summary>
    public static void UseHardening(this WebApplication app)
    {
        app.UseMiddleware<RequestLogMiddleware>();
        app.Use((http, next) =>
        {
            // HEAD is GET without a body: Kestrel drops the body of a HEAD response, so the GET endpoint answers it.
            if (HttpMethods.IsHead(http.Request.Method))
            {
                http.Request.Method = HttpMethods.Get;
            }

            return next(http);
        });
        app.UseCors();
        app.UseRouting();
    }
}
