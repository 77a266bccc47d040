using Microsoft.AspNetCore.Diagnostics;
using MusicVideo.Api;
using MusicVideo.Core.Workflow;
using MusicVideo.Api.Management;
using MusicVideo.Api;

namespace MusicVideo.Server.Hosting;

/// <summary>The standalone HTTP server: the /api/mv routes, the Durable Functions management API and an OpenAPI document.</summary>
static class ServerApp
{
    public static WebApplication Build(string[] args, MusicVideoOptions options)
    {
        var builder = WebApplication.CreateBuilder(args);
        var holds = LongOperationOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(holds);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64 * 1024 * 1024);
        builder.WebHost.ConfigureKestrel(k => HeldRequestKestrel.Apply(k, holds.SeedHold));
        // The exception handler below logs a one-line message; the middleware's own log would print stack traces.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.None);
        builder.Services.AddMusicVideo(options).AddEmbeddedDurableTask(options).AddMusicVideoApi();
        builder.Services.AddOpenApi();
        // The wire format is snake_case (the seed's field names); the OpenAPI schemas follow these options.
        builder.Services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        var app = builder.Build();

        // Unhandled errors: a generic message with a trace id; details go to the log, never to the client.
        app.UseExceptionHandler(errors => errors.Run(async http =>
        {
            var feature = http.Features.Get<IExceptionHandlerFeature>();
            bool clientFault = feature?.Error is BadHttpRequestException;
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("MusicVideo.Server")
                .LogError("Request {Method} {Path} failed with {ErrorType}: {Message} (trace id {TraceId}).",
                    http.Request.Method, http.Request.Path, feature?.Error.GetType().Name, feature?.Error.Message, http.TraceIdentifier);
            http.Response.StatusCode = clientFault ? 400 : 500;
            await DurableManagementEndpoints.Error(
                clientFault ? 400 : 500,
                clientFault ? "invalid_request" : "internal_error",
                clientFault ? "The request could not be read; check its body and headers." : $"Something went wrong on the server; it was logged with trace id {http.TraceIdentifier}.")
                .ExecuteAsync(http);
        }));
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.ContentLength is null && http.Response.ContentType is null)
            {
                string message = http.Response.StatusCode switch
                {
                    404 => $"No route matches {http.Request.Method} {http.Request.Path}; see /openapi/v1.json for the API.",
                    405 => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
                    415 => "Send the body as JSON with the header Content-Type: application/json.",
                    _ => $"The request failed with status {http.Response.StatusCode}.",
                };
                await DurableManagementEndpoints.Error(http.Response.StatusCode, http.Response.StatusCode switch { 404 => "not_found", 415 => "unsupported_media_type", _ => "invalid_request" }, message).ExecuteAsync(http);
            }
        });
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        app.MapDurableTaskManagementApi();
        app.MapSeedApi();
        app.MapJobApi();
        return app;
    }
}
