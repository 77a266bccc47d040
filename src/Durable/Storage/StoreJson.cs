using System.Text.Json;
using System.Text.Json.Serialization;
using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Storage;

/// <summary>Compact JSON for stored history events and failure details.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryEvent))]
[JsonSerializable(typeof(TaskFailureDetails))]
partial class StoreJson : JsonSerializerContext
{
    public static string Write(HistoryEvent e) => JsonSerializer.Serialize(e, Default.HistoryEvent);

    public static HistoryEvent ReadEvent(string json) => JsonSerializer.Deserialize(json, Default.HistoryEvent)!;

    public static string? Write(TaskFailureDetails? f) => f is null ? null : JsonSerializer.Serialize(f, Default.TaskFailureDetails);

    public static TaskFailureDetails? ReadFailure(string? json) => json is null ? null : JsonSerializer.Deserialize(json, Default.TaskFailureDetails);
}
