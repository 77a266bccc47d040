using Microsoft.AspNetCore.Diagnostics;
using MusicVideo.Api;
using MusicVideo.Core.Workflow;
using MusicVideo.Api.Management;

namespace MusicVideo.Server.Hosting;

/// <summary>The standalone HTTP server: the /api/mv routes, the Durable Functions management API and an OpenAPI document.</summary>
static class ServerApp
{
    public static WebApplication Build(string[] args, MusicVideoOptions options)
    {
        var builder = WebApplication.CreateBuilder(args);
        var holds = LongOperationOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(holds);
        var durable = DurableBackendSettings.FromSettings(key => builder.Configuration[key]);
        var cleaned = StaleWorkCleaner.Clean(options);
        if (cleaned.Skipped)
        {
            throw new StartupException($"Another worker process is already using the data folder {options.DataDirectory}; stop it or choose another data folder (MV_DATA_DIR).");
        }

        builder.AddHardening(options);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64 * 1024 * 1024);
        builder.WebHost.ConfigureKestrel(k => HeldRequestKestrel.Apply(k, holds.SeedHold));
        // The exception handler below logs a one-line message; the middleware's own log would print stack traces.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.None);
        // DTFx logs every poll and lease at Information; an operator needs its warnings.
        builder.Logging.AddFilter("DurableTask", LogLevel.Warning);
        // Microsoft's worker (azure-storage backend) logs each failed activity with its stack trace at Information; the
        // failure's words reach the instance status and the job view.
        builder.Logging.AddFilter("Microsoft.DurableTask", LogLevel.Warning);
        builder.Services.AddMusicVideo(options).AddDurableTask(options, durable).AddMusicVideoApi();
        builder.Services.AddOpenApi();
        // The wire format is snake_case (the seed's field names); the OpenAPI schemas follow these options.
        builder.Services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.Logger.LogInformation("Durable backend: {Backend}{Hub}.", durable.Name, durable.AzureStorage is { } hub ? $" (task hub {hub.TaskHubName}, {hub.PartitionCount} partitions, worker {hub.WorkerId})" : string.Empty);
        if (cleaned.Entries > 0)
        {
            app.Logger.LogInformation("Removed {Entries} stale work file(s) ({Megabytes:0.0} MB) left by an earlier process.", cleaned.Entries, cleaned.Bytes / (1024.0 * 1024));
        }

        // Unhandled errors: a generic message with a trace id; details go to the log, never to the client.
        app.UseExceptionHandler(errors => errors.Run(async http =>
        {
            var feature = http.Features.Get<IExceptionHandlerFeature>();
            int status = feature?.Error is BadHttpRequestException bad ? bad.StatusCode : 500;
            bool clientFault = status < 500;
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("MusicVideo.Server")
                .LogError("Request {Method} {Path} failed with {ErrorType}: {Message} (trace id {TraceId}).",
                    http.Request.Method, http.Request.Path, feature?.Error.GetType().Name, feature?.Error.Message, http.TraceIdentifier);
            http.Response.StatusCode = status;
            await DurableManagementEndpoints.Error(
                status,
                status == 413 ? "payload_too_large" : clientFault ? "invalid_request" : "internal_error",
                status == 413 ? "The request body is larger than the server accepts (64 MB at most; each route documents its own limit)."
                : clientFault ? "The request could not be read; check its body and headers." : $"Something went wrong on the server; it was logged with trace id {http.TraceIdentifier}.")
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
                    413 => "The request body is larger than the server accepts.",
                    _ => $"The request failed with status {http.Response.StatusCode}.",
                };
                await DurableManagementEndpoints.Error(http.Response.StatusCode, http.Response.StatusCode switch { 404 => "not_found", 413 => "payload_too_large", 415 => "unsupported_media_type", _ => "invalid_request" }, message).ExecuteAsync(http);
            }
        });
        app.UseHardening();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseWebUi();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        app.MapDurableTaskManagementApi();
        app.MapSeedApi();
        app.MapJobApi();
        app.MapReplicateWebhook();
        return app;
    }
}
