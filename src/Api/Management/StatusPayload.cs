using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MusicVideo.Durable.History;

using MusicVideo.Durable;
using MusicVideo.Durable.History;

namespace MusicVideo.Api.Management;

/// <summary>Builds the Durable Functions instance status payload (and its <c>historyEvents</c>) as JSON.</summary>
public static class StatusPayload
{
    /// <summary>Creates the status object for an instance.</summary>
    public static JsonObject Create(OrchestrationMetadata metadata, bool showInput, IReadOnlyList<HistoryEvent>? history = null, bool showHistoryOutput = false)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var payload = new JsonObject
        {
            ["name"] = metadata.Name,
            ["instanceId"] = metadata.InstanceId,
            ["runtimeStatus"] = metadata.RuntimeStatus.ToString(),
            ["input"] = showInput ? ParseStored(metadata.SerializedInput) : null,
            ["customStatus"] = ParseStored(metadata.SerializedCustomStatus),
            ["output"] = ParseStored(metadata.SerializedOutput),
            ["createdTime"] = FormatTime(metadata.CreatedAt),
            ["lastUpdatedTime"] = FormatTime(metadata.LastUpdatedAt),
        };
        if (history is not null)
        {
            payload["historyEvents"] = HistoryEvents(history, showInput, showHistoryOutput);
        }

        return payload;
    }

    /// <summary>Parses stored JSON text; text that is not JSON is returned as a JSON string.</summary>
    public static JsonNode? ParseStored(string? stored)
    {
        if (stored is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(stored))
        {
            return JsonValue.Create(string.Empty);
        }

        try
        {
            return JsonNode.Parse(stored);
        }
        catch (JsonException)
        {
            return JsonValue.Create(stored);
        }
    }

    static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    static string FormatPrecise(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture);

    /// <summary>Durable Functions' view of history: scheduling rows merged into their completions, episode markers dropped.</summary>
    static JsonArray HistoryEvents(IReadOnlyList<HistoryEvent> history, bool showInput, bool showOutput)
    {
        var scheduled = history.Where(e => e.EventType is HistoryEventType.TaskScheduled or HistoryEventType.SubOrchestrationInstanceCreated)
            .GroupBy(e => e.EventId).ToDictionary(g => g.Key, g => g.Last());
        var array = new JsonArray();
        foreach (var e in history)
        {
            var item = new JsonObject { ["EventType"] = e.EventType.ToString() };
            switch (e.EventType)
            {
                case HistoryEventType.OrchestratorStarted:
                case HistoryEventType.OrchestratorCompleted:
                case HistoryEventType.TaskScheduled:
                case HistoryEventType.SubOrchestrationInstanceCreated:
                    continue;
                case HistoryEventType.ExecutionStarted:
                    item["FunctionName"] = e.Name;
                    AddInput(item, e.Input);
                    break;
                case HistoryEventType.TaskCompleted:
                case HistoryEventType.TaskFailed:
                case HistoryEventType.SubOrchestrationInstanceCompleted:
                case HistoryEventType.SubOrchestrationInstanceFailed:
                    if (e.TaskScheduledId is { } id && scheduled.TryGetValue(id, out var call))
                    {
                        item["FunctionName"] = call.Name;
                        item["ScheduledTime"] = FormatPrecise(call.Timestamp);
                        if (call.InstanceId is not null)
                        {
                            item["InstanceId"] = call.InstanceId;
                        }

                        AddInput(item, call.Input);
                    }

                    if (e.FailureDetails is { } failure)
                    {
                        item["Reason"] = failure.ErrorMessage;
                        item["Details"] = failure.ToString();
                    }
                    else if (showOutput)
                    {
                        item["Result"] = ParseStored(e.Result);
                    }

                    break;
                case HistoryEventType.TimerCreated:
                case HistoryEventType.TimerFired:
                    item["FireAt"] = e.FireAt is { } at ? FormatPrecise(at) : null;
                    break;
                case HistoryEventType.EventRaised:
                case HistoryEventType.EventSent:
                    item["Name"] = e.Name;
                    if (e.InstanceId is not null)
                    {
                        item["InstanceId"] = e.InstanceId;
                    }

                    AddInput(item, e.Input);
                    break;
                case HistoryEventType.ExecutionCompleted:
                    item["OrchestrationStatus"] = e.OrchestrationStatus?.ToString();
                    if (e.FailureDetails is { } f)
                    {
                        item["FailureDetails"] = new JsonObject { ["ErrorType"] = f.ErrorType, ["ErrorMessage"] = f.ErrorMessage };
                    }
                    else if (showOutput)
                    {
                        item["Result"] = ParseStored(e.Result);
                    }

                    break;
                case HistoryEventType.ExecutionTerminated:
                    AddInput(item, e.Input);
                    break;
                default:
                    if (e.Reason is not null)
                    {
                        item["Reason"] = e.Reason;
                    }

                    break;
            }

            item["Timestamp"] = FormatPrecise(e.Timestamp);
            array.Add(item);
        }

        return array;

        void AddInput(JsonObject item, string? input)
        {
            if (showInput)
            {
                item["Input"] = ParseStored(input);
            }
        }
    }
}
