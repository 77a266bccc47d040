using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using MusicVideo.Core.Workflow;
using MusicVideo.Functions.Tests.Infrastructure;
using MusicVideo.Server.Hosting;

namespace MusicVideo.Functions.Tests;

/// <summary>
/// The Functions app, as the host would index it from the generated functions.metadata, offers every product route of
/// the standalone server (same template, same methods) and one trigger per task of Core's registry (same names).
/// </summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void EveryProductRouteOfTheServer_IsAnHttpTriggerWithTheSameTemplateAndMethods()
    {
        var server = ServerProductRoutes();
        var functions = FunctionsMetadata.Load().HttpFunctions
            .SelectMany(f => f.Methods.Select(m => $"{m} /{f.Route}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(server.Count >= 15, $"The server's endpoint list looks incomplete: {string.Join(", ", server)}");
        Assert.Equal(server, functions);
    }

    [Fact]
    public void EveryOrchestratorAndActivityOfCoresRegistry_HasATriggerWithTheSameName()
    {
        var registry = MusicVideoWorkflow.Register(new DurableTaskRegistry());
        var metadata = FunctionsMetadata.Load().Functions;

        Assert.Equal(
            registry.GetOrchestrators().Select(o => o.Key.Name).Order(StringComparer.Ordinal),
            metadata.Where(f => f.TriggerType == "orchestrationTrigger").Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            registry.GetActivities().Select(a => a.Key.Name).Order(StringComparer.Ordinal),
            metadata.Where(f => f.TriggerType == "activityTrigger").Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ProductRoutesNeedAKey_ExceptHealthMediaReadsAndSignedWebhooks()
    {
        foreach (var function in FunctionsMetadata.Load().HttpFunctions)
        {
            // Provider webhooks cannot send a function key; their deliveries are authenticated by their signature instead.
            bool open = function.Route == "health" || function.Route!.StartsWith("api/mv/webhooks/", StringComparison.Ordinal)
                || (function.Methods.SequenceEqual(["GET"]) && function.Route!.StartsWith("api/mv/get_", StringComparison.Ordinal) && function.Route != "api/mv/get_director_configs");
            Assert.True(
                string.Equals(function.AuthLevel, open ? "Anonymous" : "Function", StringComparison.OrdinalIgnoreCase),
                $"{function.Name} ({function.Route}) has auth level {function.AuthLevel}.");
        }
    }

    [Fact]
    public void HostJson_IsCopiedToTheOutputWithTheDurableSettings()
    {
        string path = Path.Combine(FunctionsMetadata.OutputDirectory, "host.json");
        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal(string.Empty, host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(durable.GetProperty("storageProvider").GetProperty("connectionName").GetString()));
        Assert.False(string.IsNullOrEmpty(durable.GetProperty("hubName").GetString()));
    }

    /// <summary>"METHOD /template" of every product endpoint the standalone server maps (its own endpoint data sources).</summary>
    static List<string> ServerProductRoutes()
    {
        string data = Path.Combine(Path.GetTempPath(), "mv-functions-tests", Guid.NewGuid().ToString("N"));
        var app = ServerApp.Build([], new MusicVideoOptions { DataDirectory = data });
        try
        {
            return ((IEndpointRouteBuilder)app).DataSources
                .SelectMany(d => d.Endpoints)
                .OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw == "/health"))
                .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        finally
        {
            ((IDisposable)app).Dispose();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
