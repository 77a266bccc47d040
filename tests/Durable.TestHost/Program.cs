using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using MusicVideo.Api.Management;
using MusicVideo.Durable;

// Usage: MusicVideo.Durable.TestHost <data-folder> [--urls http://127.0.0.1:0]
string data = Path.GetFullPath(args.Length > 0 ? args[0] : "testhost-data");
Directory.CreateDirectory(data);
string log = Path.Combine(data, "executions.log");

var builder = WebApplication.CreateBuilder(args.Skip(1).ToArray());
var engine = new DurableEngineOptions(Path.Combine(data, "durable.db")) { Worker = new DurableWorkerOptions { LockFilePath = Path.Combine(data, "worker.lock") } };
builder.Services.AddDurableTaskClient(b => b.UseEmbeddedEngine(engine));
builder.Services.AddDurableTaskWorker(b => b.UseEmbeddedEngine(engine).AddTasks(registry => registry
        .AddActivityFunc<StepInput, int>("Step", async (ctx, step) =>
        {
            Append(log, $"start {ctx.InstanceId} {step.Index}");
            await Task.Delay(step.DelayMs);
            Append(log, $"end {ctx.InstanceId} {step.Index}");
            return step.Index;
        })
        .AddOrchestratorFunc<int, int[]>("Sequence", async (ctx, count) =>
        {
            var results = new List<int>();
            for (int i = 0; i < count; i++)
            {
                results.Add(await ctx.CallActivityAsync<int>("Step", new StepInput(i, 200)));
                ctx.SetCustomStatus(new { done = results.Count });
            }

            return [.. results];
        })
        .AddActivityFunc<string, string>("SayHello", (_, name) => Task.FromResult($"Hello {name}!"))
        .AddOrchestratorFunc<string[], string[]>("Hello", async (ctx, cities) =>
        {
            var greetings = new List<string>();
            foreach (string city in cities ?? ["Tokyo", "Seattle", "London"])
            {
                greetings.Add(await ctx.CallActivityAsync<string>("SayHello", city));
            }

            return [.. greetings];
        })
        .AddOrchestratorFunc<string, string>("WaitForApproval", async (ctx, input) => $"{input}:{await ctx.WaitForExternalEvent<string>("approve")}")
        .AddActivityFunc<string, string>("Fragile", (_, s) =>
            File.Exists(Path.Combine(data, "fail")) ? throw new IOException("the fault switch is on") : Task.FromResult(s + " ok"))
        .AddOrchestratorFunc<string, string>("FragileJob", async (ctx, s) =>
        {
            string hello = await ctx.CallActivityAsync<string>("SayHello", s);
            return await ctx.CallActivityAsync<string>("Fragile", hello, TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromMilliseconds(100))));
        })));

var app = builder.Build();
app.MapDurableTaskManagementApi();
app.Run();

static void Append(string path, string line)
{
    lock (typeof(Program))
    {
        File.AppendAllText(path, line + Environment.NewLine);
    }
}

/// <summary>Input of the Step activity.</summary>
sealed record StepInput(int Index, int DelayMs);
