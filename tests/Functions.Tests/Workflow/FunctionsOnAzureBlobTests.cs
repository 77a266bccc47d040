using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Tests.TestSupport;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Models;
using MusicVideo.Functions.Tests.Infrastructure;
using MusicVideo.Tests.Shared.Storage;

namespace MusicVideo.Functions.Tests.Workflow;

/// <summary>
/// The Functions app configured by local.settings.sample.json (media on Azure Blob) runs a job with a song on Azurite:
/// the song, every clip and the cut live in the container, none on the instance's disk.
/// </summary>
public sealed class FunctionsOnAzureBlobTests
{
    [Fact]
    public async Task JobWithSong_OnTheSampleSettings_KeepsEveryMediaFileInTheBlobContainer()
    {
        await using var azurite = await Azurite.StartAsync();
        string data = Path.Combine(Path.GetTempPath(), "mv-functions-tests", $"blob-{Guid.NewGuid():N}");
        var settings = SampleSettings();
        Assert.Equal("azure", settings["STORAGE_BACKEND"]);

        // The sample's Azurite connection is the default ports; this Azurite listens on a free one. Nothing else changes.
        settings["AZURE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString;
        settings["MV_DATA_DIR"] = data;
        await using var host = await WorkflowHost.StartFunctionsAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var store = host.Services.GetRequiredService<MediaStore>();
        Assert.Equal("azure", store.BackendName);

        string songFile = await MediaTestSupport.MakeSongAsync(Path.Combine(Path.GetTempPath(), $"mv-song-{Guid.NewGuid():N}.m4a"), 8);
        MediaMetadata song;
        await using (var stream = File.OpenRead(songFile))
        {
            song = await host.Services.GetRequiredService<MediaImporter>().ImportSongAsync(stream, "song.m4a");
        }

        File.Delete(songFile);
        var input = new MusicVideoJobInput
        {
            Idea = "a night market under the rain",
            CharacterDescription = "a street cook with a paper lantern",
            SceneCount = 2,
            ClipDurationSeconds = 4,
            Seed = 21,
            SongId = song.Id,
            ClipAttempts = 2,
            ClipRetryDelaySeconds = 0.2,
        };
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.MusicVideoJob, input);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        var result = done.ReadOutputAs<MusicVideoJobResult>()!;

        // Read straight from the container, not through our store: the cut, both clips and the song are there.
        var container = new BlobContainerClient(azurite.ConnectionString, settings["STORAGE_BUCKET"]);
        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            blobs.Add(blob.Name);
        }

        Guid[] videos = [result.VideoId, .. result.Scenes.Select(s => s.VideoId!.Value)];
        Assert.All(videos, v => Assert.Contains($"mv/jobs/{MediaId.Format(v)}/video.mp4", blobs));
        Assert.Contains(blobs, b => b.StartsWith($"mv/audio/{MediaId.Format(song.Id)}.", StringComparison.Ordinal));

        string cut = Path.Combine(data, "cut.mp4");
        await container.GetBlobClient($"mv/jobs/{MediaId.Format(result.VideoId)}/video.mp4").DownloadToAsync(cut);
        var probe = await MediaTestSupport.Probe.ProbeAsync(cut);
        Assert.InRange(probe.DurationSeconds, 7.8, 8.2);
        Assert.NotNull(probe.Audio);

        // The instance's disk holds scratch space only: no media file outlived its step.
        string[] left = Directory.Exists(data)
            ? Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories)
                .Where(f => f != cut && !f.StartsWith(Path.Combine(data, "providers"), StringComparison.Ordinal))
                .Where(f => f.EndsWith(".mp4", StringComparison.Ordinal) || f.EndsWith(".m4a", StringComparison.Ordinal))
                .ToArray()
            : [];
        Assert.Empty(left);
    }

    /// <summary>The Values of local.settings.sample.json at the repository root, empty values dropped (they mean the default).</summary>
    static Dictionary<string, string?> SampleSettings()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "local.settings.sample.json")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("local.settings.sample.json not found.");
        }

        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json")))!["Values"]!.AsObject();
        return values.Where(v => !string.IsNullOrEmpty(v.Value?.GetValue<string>()))
            .ToDictionary(v => v.Key, v => v.Value!.GetValue<string>(), StringComparer.OrdinalIgnoreCase)!;
    }
}
