using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace MusicVideo.Server.Hosting;

/// <summary>Serves the built web UI (web/dist) at <c>/</c>, with the single-page app's client routes falling back to index.html.</summary>
static class WebUi
{
    /// <summary>The configuration key (an environment variable) naming the folder with the built UI.</summary>
    public const string RootSetting = "MV_WEB_ROOT";

    static readonly string[] ReservedPrefixes = ["/api", "/runtime", "/openapi", "/healthz"];

    /// <summary>Adds the static files and the client-route fallback; without a built UI, <c>/</c> says how to build it.</summary>
    public static WebApplication UseWebUi(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MusicVideo.Server.WebUi");
        string? configured = app.Configuration[RootSetting];
        string? root = FindRoot(configured);
        if (root is null)
        {
            // No paths in the log: the operator knows where they pointed MV_WEB_ROOT, and the default needs no path.
            if (configured is { Length: > 0 })
            {
                logger.LogWarning("The web UI folder named by MV_WEB_ROOT has no index.html; / explains how to build the UI.");
            }
            else
            {
                logger.LogWarning("The web UI is not built; run ./eng/build-web.sh. / explains how.");
            }

            app.Use((http, next) => IsPageRequest(http) ? WriteMissingAsync(http, configured is { Length: > 0 }) : next(http));
            return app;
        }

        logger.LogInformation("Serving the web UI at / from {Source}.", configured is { Length: > 0 } ? "MV_WEB_ROOT" : "the built web/dist");
        var files = new PhysicalFileProvider(root);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                // Vite names bundles by content hash, so they never change; everything else (index.html, config.js) is revalidated.
                context.Context.Response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        var index = files.GetFileInfo("index.html");
        app.Use(async (http, next) =>
        {
            if (!IsPageRequest(http))
            {
                await next(http);
                return;
            }

            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.ContentLength = index.Length;
            if (HttpMethods.IsGet(http.Request.Method))
            {
                await http.Response.SendFileAsync(index, http.RequestAborted);
            }
        });
        return app;
    }

    /// <summary>The configured folder, else wwwroot beside the server, else web/dist of the repository the server was built in.</summary>
    static string? FindRoot(string? configured)
    {
        if (configured is { Length: > 0 })
        {
            string full = Path.GetFullPath(configured);
            return File.Exists(Path.Combine(full, "index.html")) ? full : null;
        }

        string beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(beside, "index.html")))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string dist = Path.Combine(dir.FullName, "web", "dist");
            if (File.Exists(Path.Combine(dist, "index.html")))
            {
                return dist;
            }

            if (File.Exists(Path.Combine(dir.FullName, "MusicVideo.sln")))
            {
                break;
            }
        }

        return null;
    }

    /// <summary>A browser asking for a page: GET/HEAD, no endpoint matched, not an API path, no file extension.</summary>
    static bool IsPageRequest(HttpContext http)
    {
        if (http.GetEndpoint() is not null || !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)))
        {
            return false;
        }

        var path = http.Request.Path;
        if (ReservedPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return !Path.HasExtension(path.Value);
    }

    static Task WriteMissingAsync(HttpContext http, bool configured)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        string how = configured
            ? "<p>The folder named by <code>MV_WEB_ROOT</code> has no <code>index.html</code>. Point it at a built UI (the <code>web/dist</code> folder after a build), or unset it.</p>"
            : "<p>Build it from the repository root with <code>./eng/build-web.sh</code> (it runs <code>npm ci</code> and <code>npm run build</code> in <code>web/</code>; Node 20+ needed), then reload this page. To serve a build from another folder, set <code>MV_WEB_ROOT</code>.</p>";
        return http.Response.WriteAsync(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>MusicVideo: web UI not built</title></head><body>" +
            "<main><h1>The MusicVideo web UI is not built</h1>" + how +
            "<p>The HTTP API works without it: <a href=\"/openapi/v1.json\">/openapi/v1.json</a> describes it.</p></main></body></html>",
            http.RequestAborted);
    }
}
