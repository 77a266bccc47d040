using MusicVideo.Durable;
using MusicVideo.Durable.Http;

namespace MusicVideo.Server;

/// <summary>The musicvideo command line: serve (more verbs are added with the pipeline).</summary>
static class Cli
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "serve")
        {
            await Console.Error.WriteLineAsync("usage: musicvideo serve [--urls http://127.0.0.1:5000]");
            return 2;
        }

        string data = Path.GetFullPath(Environment.GetEnvironmentVariable("MV_DATA_DIR") ?? "mv-data");
        var builder = WebApplication.CreateBuilder(args[1..]);
        builder.Services.AddDurableTaskEngine(
            new DurableEngineOptions(Path.Combine(data, "durable.db")) { Worker = new DurableWorkerOptions { LockFilePath = Path.Combine(data, "worker.lock") } },
            _ => { });
        var app = builder.Build();
        app.MapDurableTaskManagementApi();
        await app.RunAsync();
        return 0;
    }
}
