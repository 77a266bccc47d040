using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using MusicVideo.Server.Tests.Infrastructure;
using MusicVideo.Tests.Shared.Storage;
using static MusicVideo.Server.Tests.Infrastructure.VideoChecks;

namespace MusicVideo.Server.Tests.Durable;

/// <summary>`musicvideo serve` on the azure-storage backend (DTFx's Azure Storage provider on Azurite) with the Azure Blob media store.</summary>
public sealed class AzureStorageBackendTests
{
    const double SongSeconds = 6;

    /// <summary>Server settings for a fresh task hub and a fresh media container on the shared Azurite.</summary>
    internal static async Task<Dictionary<string, string>> SettingsAsync(string? taskHub = null)
    {
        var azurite = await SharedAzurite.GetAsync();
        string container = $"mv-{Guid.NewGuid():N}"[..30];
        await new BlobContainerClient(azurite.ConnectionString, container).CreateAsync();
        return new Dictionary<string, string>
        {
            ["DURABLE_BACKEND"] = "azure-storage",
            ["DURABLE_AZURE_STORAGE_CONNECTION_STRING"] = azurite.AccountConnectionString,
            ["DURABLE_TASK_HUB"] = taskHub ?? "t" + Guid.NewGuid().ToString("N")[..16],
            ["DURABLE_PARTITION_COUNT"] = "2",
            ["DURABLE_MAX_QUEUE_POLLING_SECONDS"] = "1",
            ["STORAGE_BACKEND"] = "azure",
            ["STORAGE_BUCKET"] = container,
            ["AZURE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString,
        };
    }

    [Fact]
    public async Task A_job_over_HTTP_completes_on_azure_storage_with_the_same_result_shape_as_on_embedded()
    {
        var azure = await SettingsAsync();
        var embedded = new Dictionary<string, string>(azure);
        foreach (string key in embedded.Keys.Where(k => k.StartsWith("DURABLE_", StringComparison.Ordinal)).ToList())
        {
            embedded.Remove(key);
        }

        var onAzure = await RunJobAsync(azure);
        var onEmbedded = await RunJobAsync(embedded);

        AssertSameShape(Shape(onEmbedded.View), Shape(onAzure.View));
        AssertSameShape(Shape(onEmbedded.Status), Shape(onAzure.Status));
        Assert.Contains("Durable backend: azure-storage (task hub " + azure["DURABLE_TASK_HUB"], onAzure.Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("azure-storage", null, "DURABLE_AZURE_STORAGE_CONNECTION_STRING or DURABLE_AZURE_STORAGE_ACCOUNT_URL is not set")]
    [InlineData("sqlserver", null, "DURABLE_BACKEND is 'sqlserver'; set it to embedded")]
    [InlineData("azure-storage", "DURABLE_TASK_HUB", "DURABLE_TASK_HUB is 'no-dashes'; a task hub name is 3-45 letters and digits")]
    [InlineData("azure-storage", "DURABLE_PARTITION_COUNT", "DURABLE_PARTITION_COUNT is '99'; set it to a whole number from 1 to 16.")]
    [InlineData("azure-storage", "DURABLE_CONTROL_QUEUE_VISIBILITY_SECONDS", "DURABLE_CONTROL_QUEUE_VISIBILITY_SECONDS is '5'; set it to a whole number from 15 to 3600.")]
    public async Task A_missing_or_bad_durable_setting_stops_start_up_with_a_message_naming_it(string backend, string? bad, string expected)
    {
        var settings = new Dictionary<string, string> { ["DURABLE_BACKEND"] = backend };
        if (bad is not null)
        {
            settings["DURABLE_AZURE_STORAGE_CONNECTION_STRING"] = "UseDevelopmentStorage=true";
            settings[bad] = bad switch
            {
                "DURABLE_TASK_HUB" => "no-dashes",
                "DURABLE_CONTROL_QUEUE_VISIBILITY_SECONDS" => "5",
                _ => "99",
            };
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MvServer.StartAsync(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    static async Task<(JsonNode View, JsonNode Status, string Log)> RunJobAsync(Dictionary<string, string> settings)
    {
        await using var server = await MvServer.StartAsync(settings);
        var song = await server.UploadAsync("/api/mv/songs", await MediaTools.MakeSongAsync(SongSeconds), "song.mp3", "audio/mpeg", HttpStatusCode.Created);
        var view = await server.PostJsonExpectAsync("/api/mv/jobs?wait=300", new
        {
            idea = "lanterns drifting over a harbour",
            character_description = "a fisherman in a red coat",
            song_id = Str(song, "song_id"),
            number_of_scenes = 3,
            aspect_ratio = "1:1",
            clip_duration = 4,
            seed = 11,
        }, HttpStatusCode.OK);
        Assert.True(Str(view, "status") == "Completed", view.ToJsonString() + "\n" + server.Output);

        // The cut is real: one video stream, the song's audio, as long as the song.
        var probe = await MediaTools.ProbeAsync(await server.DownloadAsync(Str(view, "video_url")));
        Assert.Equal([SizeFor("1:1")], probe.VideoStreams);
        Assert.Equal(1, probe.AudioStreams);
        Assert.InRange(probe.DurationSeconds, SongSeconds - 0.5, SongSeconds + 0.5);
        Assert.Equal(3, Scenes(view).Count);

        // The Durable management API answers the same on both backends, history included.
        using var statusResponse = await server.Http.GetAsync($"/runtime/webhooks/durabletask/instances/{Str(view, "job_id")}?showHistory=true&showInput=true");
        var status = await server.ExpectAsync(statusResponse, HttpStatusCode.OK, "GET status with history\n" + server.Output);
        Assert.Equal("Completed", Str(status, "runtimeStatus"));
        Assert.Contains(status["historyEvents"]!.AsArray(), e => Str(e, "EventType") == "SubOrchestrationInstanceCompleted");
        var list = await server.GetJsonAsync($"/runtime/webhooks/durabletask/instances?instanceIdPrefix={Str(view, "job_id")}&top=10");
        Assert.Equal(4, list.AsArray().Count);
        return (view, status, server.Output);
    }

    static void AssertSameShape(SortedSet<string> embedded, SortedSet<string> azure)
    {
        var onlyEmbedded = embedded.Except(azure).ToList();
        var onlyAzure = azure.Except(embedded).ToList();
        Assert.True(onlyEmbedded.Count == 0 && onlyAzure.Count == 0, $"only on embedded: {string.Join(", ", onlyEmbedded)}; only on azure-storage: {string.Join(", ", onlyAzure)}");
    }

    /// <summary>The property names of a JSON document, recursively (array items merged), so two results compare by shape.</summary>
    static SortedSet<string> Shape(JsonNode? node, string path = "$")
    {
        var shape = new SortedSet<string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    shape.Add($"{path}.{key}");
                    shape.UnionWith(Shape(value, $"{path}.{key}"));
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    shape.UnionWith(Shape(item, path + "[]"));
                }

                break;
        }

        return shape;
    }
}
