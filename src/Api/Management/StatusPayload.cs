using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;

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
        var scheduled = new Dictionary<int, (string? Name, string? Input, string? InstanceId, DateTime Timestamp)>();
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduledEvent t:
                    scheduled[t.EventId] = (t.Name, t.Input, null, t.Timestamp);
                    break;
                case SubOrchestrationInstanceCreatedEvent c:
                    scheduled[c.EventId] = (c.Name, c.Input, c.InstanceId, c.Timestamp);
                    break;
            }
        }

        var array = new JsonArray();
        foreach (var e in history)
        {
            var item = new JsonObject { ["EventType"] = e.EventType.ToString() };
            switch (e)
            {
                case OrchestratorStartedEvent or OrchestratorCompletedEvent or TaskScheduledEvent or SubOrchestrationInstanceCreatedEvent:
                    continue;
                case ExecutionStartedEvent started:
                    item["FunctionName"] = started.Name;
                    AddInput(item, started.Input);
                    break;
                case TaskCompletedEvent or TaskFailedEvent or SubOrchestrationInstanceCompletedEvent or SubOrchestrationInstanceFailedEvent:
                    var (scheduledId, result, failure) = e switch
                    {
                        TaskCompletedEvent c => (c.TaskScheduledId, c.Result, (DurableTask.Core.FailureDetails?)null),
                        TaskFailedEvent f => (f.TaskScheduledId, null, f.FailureDetails),
                        SubOrchestrationInstanceCompletedEvent c => (c.TaskScheduledId, c.Result, null),
                        SubOrchestrationInstanceFailedEvent f => (f.TaskScheduledId, null, f.FailureDetails),
                        _ => (-1, null, null),
                    };
                    if (scheduled.TryGetValue(scheduledId, out var call))
                    {
                        item["FunctionName"] = call.Name;
                        item["ScheduledTime"] = FormatPrecise(call.Timestamp);
                        if (call.InstanceId is not null)
                        {
                            item["InstanceId"] = call.InstanceId;
                        }

                        AddInput(item, call.Input);
                    }

                    if (failure is not null)
                    {
                        // Words only: the reason and the root cause, no .NET type names or stack traces.
                        item["Reason"] = failure.ErrorMessage;
                        item["Details"] = RootCause(failure);
                    }
                    else if (showOutput)
                    {
                        item["Result"] = ParseStored(result);
                    }

                    break;
                case TimerCreatedEvent created:
                    item["FireAt"] = FormatPrecise(created.FireAt);
                    break;
                case TimerFiredEvent fired:
                    item["FireAt"] = FormatPrecise(fired.FireAt);
                    break;
                case EventRaisedEvent raised:
                    item["Name"] = raised.Name;
                    AddInput(item, raised.Input);
                    break;
                case EventSentEvent sent:
                    item["Name"] = sent.Name;
                    item["InstanceId"] = sent.InstanceId;
                    AddInput(item, sent.Input);
                    break;
                case ExecutionCompletedEvent completed:
                    item["OrchestrationStatus"] = completed.OrchestrationStatus.ToString();
                    if (completed.FailureDetails is { } completedFailure)
                    {
                        item["FailureDetails"] = new JsonObject { ["ErrorMessage"] = completedFailure.ErrorMessage, ["RootCause"] = RootCause(completedFailure) };
                    }
                    else if (showOutput)
                    {
                        item["Result"] = ParseStored(completed.Result);
                    }

                    break;
                case ExecutionTerminatedEvent terminated:
                    AddInput(item, terminated.Input);
                    break;
                case ExecutionSuspendedEvent suspended when suspended.Reason is not null:
                    item["Reason"] = suspended.Reason;
                    break;
                case ExecutionResumedEvent resumed when resumed.Reason is not null:
                    item["Reason"] = resumed.Reason;
                    break;
                case ExecutionRewoundEvent rewound when rewound.Reason is not null:
                    item["Reason"] = rewound.Reason;
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

    static string RootCause(DurableTask.Core.FailureDetails failure)
    {
        var current = failure;
        while (current.InnerFailure is not null)
        {
            current = current.InnerFailure;
        }

        return current.ErrorMessage;
    }
}
