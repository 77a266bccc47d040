using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicVideo.Core.Workflow;
using MusicVideo.Durable;
using MusicVideo.Tests.Shared.InProcess;

namespace MusicVideo.Core.Tests.Workflow;

/// <summary>Core's workflow and services on one durable backend: the embedded SQLite engine or Microsoft's in-process test host.</summary>
/// <remarks>
/// Both are built the way a host builds them (Microsoft.DurableTask's worker and client builders, Core's registrations),
/// so a difference between them is a difference between the engines.
/// </remarks>
public sealed class WorkflowBackend : IAsyncDisposable
{
    readonly IAsyncDisposable _owner;

    WorkflowBackend(string name, string dataDirectory, DurableTaskClient client, IServiceProvider services, IAsyncDisposable owner)
    {
        this.Name = name;
        this.DataDirectory = dataDirectory;
        this.Client = client;
        this.Services = services;
        _owner = owner;
    }

    /// <summary>The backends every parity test runs on.</summary>
    public static TheoryData<string> Names => ["embedded", "microsoft"];

    public string Name { get; }

    public string DataDirectory { get; }

    public DurableTaskClient Client { get; }

    public IServiceProvider Services { get; }

    /// <summary>Gets how many clip and image renders the local providers started (their render logs).</summary>
    public int Renders(string kind) => !Directory.Exists(Path.Combine(this.DataDirectory, "providers"))
        ? 0
        : Directory.EnumerateFiles(Path.Combine(this.DataDirectory, "providers"), "renders.log", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines).Count(line => line.Split('\t') is [_, var k, ..] && k == kind);

    public static Task<WorkflowBackend> StartAsync(string name, Func<MusicVideoOptions, MusicVideoOptions>? configure = null)
    {
        string data = Path.Combine(Path.GetTempPath(), "mv-parity", $"{name}-{Guid.NewGuid():N}");
        var options = new MusicVideoOptions { DataDirectory = data, ClipRetryDelay = TimeSpan.FromMilliseconds(200) };
        options = configure?.Invoke(options) ?? options;
        return name switch
        {
            "embedded" => StartEmbeddedAsync(options),
            "microsoft" => StartMicrosoftAsync(options),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown backend."),
        };
    }

    static async Task<WorkflowBackend> StartEmbeddedAsync(MusicVideoOptions options)
    {
        var engine = new DurableEngineOptions(Path.Combine(options.DataDirectory, "durable.db"), Durable.Storage.SqliteDurability.Normal);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMusicVideo(options);
        builder.Services.AddDurableTaskWorker(b => b.AddTasks(r => MusicVideoWorkflow.Register(r)).UseEmbeddedEngine(engine));
        builder.Services.AddDurableTaskClient(b => b.UseEmbeddedEngine(engine));
        var host = builder.Build();
        await host.StartAsync();
        return new WorkflowBackend("embedded", options.DataDirectory, host.Services.GetRequiredService<DurableTaskClient>(), host.Services, new HostOwner(host));
    }

    static async Task<WorkflowBackend> StartMicrosoftAsync(MusicVideoOptions options)
    {
        var host = await TestHosts.StartAsync(
            r => MusicVideoWorkflow.Register(r),
            new DurableTaskTestHostOptions { ConfigureServices = s => s.AddMusicVideo(options) });
        return new WorkflowBackend("microsoft", options.DataDirectory, host.Client, host.Services, host);
    }

    public async ValueTask DisposeAsync()
    {
        await _owner.DisposeAsync();
        try
        {
            Directory.Delete(this.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A render may still be closing its files; the temp folder is cleaned by the OS.
        }
    }

    sealed class HostOwner(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
