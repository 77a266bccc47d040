using MusicVideo.Bench;

// Usage: dotnet run -c Release --project bench/MusicVideo.Bench -- <engine|pipeline|pipeline-replicate|soak|stitch> [--json FILE]
// engine options: --instances 2000 (embedded and in-process host) --azure-instances 150 (azure-storage on Azurite, 1 and 2 worker processes)
// pipeline-replicate options: --quick (10 s clip latency instead of 60) --latency S --single (skip the 20-job runs) (the pipeline suite runs it at 60 s after its local parts)
// soak options: --jobs 50 --rate 100 --seconds 300 --scenes 2 --clip-seconds 4 (needs `dotnet build src/Server -c Release`)
string suite = args.FirstOrDefault() ?? string.Empty;
if (suite == InProcessHostBenchmark.Suite)
{
    // A child of the engine suite: its processor count is set by the parent.
    return await InProcessHostBenchmark.RunChildAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
}

if (suite == AzureStorageEngineBenchmark.Suite)
{
    // A worker process of the engine suite's azure-storage runs: task hub, worker id, steps.
    return await AzureStorageEngineBenchmark.RunWorkerChildAsync(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
}

int jsonAt = Array.IndexOf(args, "--json");
string? json = jsonAt >= 0 && jsonAt + 1 < args.Length ? args[jsonAt + 1] : null;
var results = suite switch
{
    "engine" => await EngineBenchmark.RunAsync(args),
    "pipeline" => await ReplicatePipelineBenchmark.RunAsync(args, await PipelineBenchmark.RunAsync()),
    ReplicatePipelineBenchmark.Suite => await ReplicatePipelineBenchmark.RunAsync(args),
    "soak" => await SoakBenchmark.RunAsync(args),
    "stitch" => await StitchBenchmark.RunAsync(),
    _ => null,
};

if (results is null)
{
    Console.Error.WriteLine("usage: MusicVideo.Bench <engine|pipeline|pipeline-replicate|soak|stitch> [--json FILE] [--quick]");
    return 2;
}

results.Print();
if (json is not null)
{
    results.WriteJson(json);
    Console.WriteLine($"JSON written to {Path.GetFullPath(json)}");
}

return 0;
