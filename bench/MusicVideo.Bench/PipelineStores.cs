using System.Diagnostics;
using System.Globalization;
using MusicVideo.Core.Media;
using MusicVideo.Core.Storage;
using MusicVideo.Tests.Shared.Storage;

namespace MusicVideo.Bench;

/// <summary>
/// The stitch step on each media store, side by side in one run: the clips are stored in the local folder, in S3
/// (s3rver) and in Azure Blob (Azurite); each run materialises them into a step workspace (in place for local),
/// stitches, and stores the output, as a media step does on that store.
/// </summary>
static class PipelineStores
{
    /// <summary>The 4-scene job through the engine on each store, interleaved with a rotating start, same seeds per round.</summary>
    public static async Task JobOnStoresAsync(
        BenchmarkResults results, string root, int runs, int firstSeed, Func<int, MusicVideo.Core.Workflow.Models.MusicVideoJobInput> input, double expectedSeconds, CancellationToken ct)
    {
        await using var s3rver = await S3rver.StartAsync("mv-bench");
        await using var azurite = await Azurite.StartAsync();
        await new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, "mv-bench").CreateAsync(cancellationToken: ct);
        var stores = new (string Name, MediaStorageOptions Options)[]
        {
            ("Local", MediaStorageOptions.Local),
            ("S3", Settings(("STORAGE_BACKEND", "s3"), ("AWS_ENDPOINT_URL_S3", s3rver.Endpoint.AbsoluteUri), ("AWS_ACCESS_KEY_ID", S3rver.AccessKeyId), ("AWS_SECRET_ACCESS_KEY", S3rver.SecretAccessKey))),
            ("AzureBlob", Settings(("STORAGE_BACKEND", "azure"), ("AZURE_STORAGE_CONNECTION_STRING", azurite.ConnectionString))),
        };
        var times = stores.ToDictionary(s => s.Name, _ => new List<double>());
        for (int k = 0; k < runs; k++)
        {
            for (int j = 0; j < stores.Length; j++)
            {
                var (name, options) = stores[(k + j) % stores.Length];
                string folder = Path.Combine(root, $"{name}-{k}");
                var run = await PipelineJob.RunAsync(folder, input(firstSeed + k), expectedSeconds, ct, options);
                times[name].Add(run.Seconds);
                Log($"job on {name} #{k + 1}: {run.Seconds:0.00} s (render phase {run.RenderPhaseSeconds:0.00}, mean fetch {run.MeanFetchSeconds:0.00}, stitch phase {run.StitchPhaseSeconds:0.00})");
                PipelineMeasure.TryDeleteDirectory(folder);
            }
        }

        double local = PipelineMeasure.Median(times["Local"]);
        results.Add("jobSecondsLocalStore", local, "s", $"median of {runs}: the 4-scene job through the engine on the local store, interleaved with the cloud runs; runs {PipelineMeasure.List(times["Local"])}");
        foreach (string name in new[] { "S3", "AzureBlob" })
        {
            double value = PipelineMeasure.Median(times[name]);
            results.Add($"jobSeconds{name}", value, "s", $"median of {runs}: the same job with media on {(name == "S3" ? "S3 (s3rver 3.7.1)" : "Azure Blob (Azurite 3.37)")} on loopback; runs {PipelineMeasure.List(times[name])}");
            results.Add($"job{name}VsLocalRatio", value / local, "x", $"jobSeconds{name} / jobSecondsLocalStore (goal <= 1.2)");
        }
    }

    public static async Task StitchOnStoresAsync(
        BenchmarkResults results, string root, IReadOnlyList<string> clips, IReadOnlyList<MediaInfo> infos, double expectedSeconds, int runs, CancellationToken ct)
    {
        await using var s3rver = await S3rver.StartAsync("mv-bench");
        await using var azurite = await Azurite.StartAsync();
        await new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, "mv-bench").CreateAsync(cancellationToken: ct);
        string temp = Path.Combine(root, "tmp");
        var stores = new (string Name, MediaStore Store)[]
        {
            ("Local", new LocalMediaStore(new LocalMediaStoreOptions(Path.Combine(root, "media")))),
            ("S3", new S3MediaStore(Settings(("STORAGE_BACKEND", "s3"), ("AWS_ENDPOINT_URL_S3", s3rver.Endpoint.AbsoluteUri), ("AWS_ACCESS_KEY_ID", S3rver.AccessKeyId), ("AWS_SECRET_ACCESS_KEY", S3rver.SecretAccessKey)), temp)),
            ("AzureBlob", new AzureBlobMediaStore(Settings(("STORAGE_BACKEND", "azure"), ("AZURE_STORAGE_CONNECTION_STRING", azurite.ConnectionString)), temp)),
        };

        var stitcher = new VideoStitcher(new FfmpegRunner());
        var probe = new MediaProbe(new FfmpegRunner());
        var ids = clips.Select(_ => Guid.NewGuid()).ToList();
        foreach (var (name, store) in stores)
        {
            var upload = Stopwatch.StartNew();
            for (int i = 0; i < clips.Count; i++)
            {
                await store.PutFileAsync(MediaKind.Video, ids[i], clips[i], new MediaMetadata { DurationSeconds = infos[i].DurationSeconds }, cancellationToken: ct);
            }

            Log($"{name}: {clips.Count} clips stored in {upload.Elapsed.TotalSeconds:0.00} s");
        }

        var times = stores.ToDictionary(s => s.Name, _ => new List<double>());
        for (int k = -1; k < runs; k++)
        {
            // Run -1 is an untimed warm-up whose output is checked; then interleaved with a rotating start.
            for (int j = 0; j < stores.Length; j++)
            {
                var (name, store) = stores[(Math.Max(k, 0) + j) % stores.Length];
                var output = Guid.NewGuid();
                var clock = Stopwatch.StartNew();
                await using (var workspace = new MediaWorkspace(store, temp))
                {
                    var inputs = await Task.WhenAll(ids.Select(async id =>
                        await workspace.InputAsync(MediaKind.Video, id, ct) ?? throw new InvalidOperationException($"clip {id} is missing from {name}")));
                    string path = workspace.OutputPath("stitch.mp4");
                    var result = await stitcher.StitchAsync(new StitchRequest(inputs, path, null, LoopSong: false, SuppressClipAudio: false, ClipInfos: infos), cancellationToken: ct);
                    await workspace.SaveAsync(MediaKind.Video, output, path, new MediaMetadata { SourceIds = ids, DurationSeconds = result.DurationSeconds }, ct);
                }

                double seconds = clock.Elapsed.TotalSeconds;
                if (k < 0)
                {
                    await using var check = new MediaWorkspace(store, temp);
                    await PipelineMeasure.VerifyVideoAsync(probe, await check.InputAsync(MediaKind.Video, output, ct), expectedSeconds, $"stitch on {name}");
                }
                else
                {
                    times[name].Add(seconds);
                }

                await store.DeleteAsync(MediaKind.Video, output, ct);
            }
        }

        double local = PipelineMeasure.Median(times["Local"]);
        results.Add("stitchSecondsLocalStore", local, "s",
            $"median of {runs}: the stitch step on the local store (clips read in place, output moved in); runs {PipelineMeasure.List(times["Local"])}");
        foreach (string name in new[] { "S3", "AzureBlob" })
        {
            double value = PipelineMeasure.Median(times[name]);
            string emulator = name == "S3" ? "s3rver 3.7.1" : "Azurite 3.37";
            results.Add($"stitchSeconds{name}", value, "s",
                $"median of {runs}, interleaved with local: {clips.Count} clips downloaded in parallel into a step workspace, stitched, output uploaded ({emulator} on loopback); runs {PipelineMeasure.List(times[name])}");
            results.Add($"stitch{name}VsLocalRatio", value / local, "x", $"stitchSeconds{name} / stitchSecondsLocalStore");
        }

        foreach (var (_, store) in stores)
        {
            (store as IDisposable)?.Dispose();
        }
    }

    static MediaStorageOptions Settings(params (string Key, string Value)[] settings)
    {
        var values = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        values["STORAGE_BUCKET"] = "mv-bench";
        return MediaStorageOptions.FromSettings(values.GetValueOrDefault);
    }

    static void Log(string message) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[pipeline {DateTime.Now:HH:mm:ss}] {message}"));
}
