using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicVideo.Api;
using MusicVideo.Core.Workflow;
using MusicVideo.Durable;
using MusicVideo.Functions.Workflow;
using MusicVideo.Tests.Shared.InProcess;

namespace MusicVideo.Functions.Tests.Infrastructure;

/// <summary>
/// The workflow on one engine: the embedded SQLite engine running Core's registry (the standalone server's way), or
/// Microsoft's in-process test host running the Functions app's [Function] wrappers as orchestrator and activity functions.
/// </summary>
public sealed class WorkflowHost : IAsyncDisposable
{
    readonly Func<ValueTask> _dispose;

    WorkflowHost(string name, string dataDirectory, DurableTaskClient client, IServiceProvider services, Func<ValueTask> dispose)
    {
        this.Name = name;
        this.DataDirectory = dataDirectory;
        this.Client = client;
        this.Services = services;
        _dispose = dispose;
    }

    public string Name { get; }

    public string DataDirectory { get; }

    public DurableTaskClient Client { get; }

    /// <summary>The host's services (Core's, the API's and, for Functions, the Functions app's registrations).</summary>
    public IServiceProvider Services { get; }

    /// <summary>How many clip or image renders the local providers started (their render logs).</summary>
    public int Renders(string kind) => Directory.Exists(Path.Combine(this.DataDirectory, "providers"))
        ? Directory.EnumerateFiles(Path.Combine(this.DataDirectory, "providers"), "renders.log", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines).Count(line => line.Split('\t') is [_, var k, ..] && k == kind)
        : 0;

    public static MusicVideoOptions NewOptions(string name) => new()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "mv-functions-tests", $"{name}-{Guid.NewGuid():N}"),
        ClipRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>The embedded engine with Core's registry, as the standalone server runs it.</summary>
    public static async Task<WorkflowHost> StartEmbeddedAsync(MusicVideoOptions? options = null)
    {
        options ??= NewOptions("embedded");
        var engine = new DurableEngineOptions(Path.Combine(options.DataDirectory, "durable.db"), Durable.Storage.SqliteDurability.Normal);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMusicVideo(options).AddMusicVideoApi();
        builder.Services.AddDurableTaskWorker(b => b.AddTasks(r => MusicVideoWorkflow.Register(r)).UseEmbeddedEngine(engine));
        builder.Services.AddDurableTaskClient(b => b.UseEmbeddedEngine(engine));
        var host = builder.Build();
        await host.StartAsync();
        return new WorkflowHost("embedded", options.DataDirectory, host.Services.GetRequiredService<DurableTaskClient>(), host.Services, async () =>
        {
            await host.StopAsync();
            host.Dispose();
            Cleanup(options.DataDirectory);
        });
    }

    /// <summary>Microsoft's in-process host running the Functions app's wrappers, with the Functions app's service registrations.</summary>
    public static Task<WorkflowHost> StartFunctionsAsync(MusicVideoOptions? options = null, LongOperationOptions? holds = null)
    {
        options ??= NewOptions("functions");
        return StartFunctionsAsync(options.DataDirectory, s => s.AddMusicVideoFunctions(options, holds ?? new LongOperationOptions()));
    }

    /// <summary>Microsoft's in-process host running the Functions app's wrappers, configured from app settings as Program.cs does.</summary>
    public static Task<WorkflowHost> StartFunctionsAsync(IConfiguration settings) =>
        StartFunctionsAsync(
            settings["MV_DATA_DIR"] ?? throw new ArgumentException("Give the test's MV_DATA_DIR.", nameof(settings)),
            s => s.AddMusicVideoFunctions(settings));

    static async Task<WorkflowHost> StartFunctionsAsync(string dataDirectory, Action<IServiceCollection> configure)
    {
        IServiceProvider? services = null;
        var host = await TestHosts.StartAsync(
            registry => RegisterFunctions(registry, () => services ?? throw new InvalidOperationException("The host has not started.")),
            new DurableTaskTestHostOptions { ConfigureServices = configure });
        services = host.Services;
        return new WorkflowHost("functions", dataDirectory, host.Client, host.Services, async () =>
        {
            await host.DisposeAsync();
            Cleanup(dataDirectory);
        });
    }

    /// <summary>
    /// Registers every [Function] of the app's workflow classes the way Durable Functions does: an orchestration trigger
    /// as an orchestrator, an activity trigger as an activity, under the function's name.
    /// </summary>
    public static IReadOnlyList<string> RegisterFunctions(DurableTaskRegistry registry, Func<IServiceProvider> services)
    {
        var names = new List<string>();
        foreach (var method in typeof(OrchestratorFunctions).GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is { } function &&
                method.GetParameters().Any(p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null))
            {
                // Durable Functions binds the one parameter without a binding attribute to the orchestration's input.
                var input = method.GetParameters().Single(p => p.GetCustomAttributes().All(a => a is not OrchestrationTriggerAttribute));
                typeof(WorkflowHost).GetMethod(nameof(AddOrchestrator), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(input.ParameterType, method.ReturnType.GetGenericArguments()[0]).Invoke(null, [registry, function.Name, method]);
                names.Add(function.Name);
            }
        }

        foreach (var method in typeof(ActivityFunctions).GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            var trigger = method.GetParameters().FirstOrDefault(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
            if (method.GetCustomAttribute<FunctionAttribute>() is { } function && trigger is not null)
            {
                typeof(WorkflowHost).GetMethod(nameof(AddActivity), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(trigger.ParameterType, method.ReturnType.GetGenericArguments()[0]).Invoke(null, [registry, function.Name, method, services]);
                names.Add(function.Name);
            }
        }

        return names;
    }

    static void AddOrchestrator<TInput, TOutput>(DurableTaskRegistry registry, string name, MethodInfo method) =>
        registry.AddOrchestratorFunc<TInput, TOutput>(name, (context, input) => (Task<TOutput>)method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [context, input], null)!);

    static void AddActivity<TInput, TOutput>(DurableTaskRegistry registry, string name, MethodInfo method, Func<IServiceProvider> services) =>
        registry.AddActivityFunc<TInput, TOutput>(name, (context, input) =>
        {
            // The worker passes the trigger's input and the binding data's instanceId, as functions.metadata declares.
            var arguments = method.GetParameters().Select(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null ? (object?)input
                : p.Name == "instanceId" ? context.InstanceId
                : throw new InvalidOperationException($"{name}: unexpected parameter {p.Name}.")).ToArray();
            return (Task<TOutput>)method.Invoke(new ActivityFunctions(services()), BindingFlags.DoNotWrapExceptions, null, arguments, null)!;
        });

    static void Cleanup(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A render may still be closing its files; the temp folder is cleaned by the OS.
        }
    }

    public ValueTask DisposeAsync() => _dispose();
}
