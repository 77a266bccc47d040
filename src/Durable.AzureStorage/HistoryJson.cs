using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MusicVideo.Durable.AzureStorage;

/// <summary>
/// Reads the history JSON the Azure Storage provider returns (<c>GetOrchestrationHistoryAsync</c>: its events serialized with
/// Newtonsoft, no type names) back into the Durable Task Framework's typed history events, by each event's <c>EventType</c>.
/// </summary>
static class HistoryJson
{
    static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
    });

    static readonly Dictionary<EventType, Type> Types = new()
    {
        [EventType.ExecutionStarted] = typeof(ExecutionStartedEvent),
        [EventType.ExecutionCompleted] = typeof(ExecutionCompletedEvent),
        [EventType.ExecutionTerminated] = typeof(ExecutionTerminatedEvent),
        [EventType.ExecutionSuspended] = typeof(ExecutionSuspendedEvent),
        [EventType.ExecutionResumed] = typeof(ExecutionResumedEvent),
        [EventType.ExecutionRewound] = typeof(ExecutionRewoundEvent),
        [EventType.TaskScheduled] = typeof(TaskScheduledEvent),
        [EventType.TaskCompleted] = typeof(TaskCompletedEvent),
        [EventType.TaskFailed] = typeof(TaskFailedEvent),
        [EventType.SubOrchestrationInstanceCreated] = typeof(SubOrchestrationInstanceCreatedEvent),
        [EventType.SubOrchestrationInstanceCompleted] = typeof(SubOrchestrationInstanceCompletedEvent),
        [EventType.SubOrchestrationInstanceFailed] = typeof(SubOrchestrationInstanceFailedEvent),
        [EventType.TimerCreated] = typeof(TimerCreatedEvent),
        [EventType.TimerFired] = typeof(TimerFiredEvent),
        [EventType.OrchestratorStarted] = typeof(OrchestratorStartedEvent),
        [EventType.OrchestratorCompleted] = typeof(OrchestratorCompletedEvent),
        [EventType.EventSent] = typeof(EventSentEvent),
        [EventType.EventRaised] = typeof(EventRaisedEvent),
        [EventType.ContinueAsNew] = typeof(ContinueAsNewEvent),
        [EventType.GenericEvent] = typeof(GenericEvent),
    };

    public static List<HistoryEvent> Parse(string? json)
    {
        var events = new List<HistoryEvent>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return events;
        }

        foreach (var token in JArray.Parse(json))
        {
            if (token is JObject item && item[nameof(HistoryEvent.EventType)] is { } kind && TypeOf(kind) is { } clr)
            {
                var e = (HistoryEvent)item.ToObject(clr, Serializer)!;
                if (e is TaskScheduledEvent scheduled)
                {
                    scheduled.Input = UnwrapParameters(scheduled.Input);
                }

                events.Add(e);
            }
        }

        return events;
    }

    /// <summary>DTFx records an activity's input as its parameter array (<c>[input]</c>); the embedded engine and Microsoft's model record the input.</summary>
    static string? UnwrapParameters(string? input)
    {
        if (input is null || !input.TrimStart().StartsWith('['))
        {
            return input;
        }

        try
        {
            // System.Text.Json keeps the element's text exactly (Newtonsoft would re-format dates).
            using var parameters = System.Text.Json.JsonDocument.Parse(input);
            return parameters.RootElement.GetArrayLength() == 1 ? parameters.RootElement[0].GetRawText() : input;
        }
        catch (System.Text.Json.JsonException)
        {
            return input;
        }
    }

    static Type? TypeOf(JToken kind)
    {
        EventType? type = kind.Type switch
        {
            JTokenType.Integer => (EventType)kind.Value<int>(),
            JTokenType.String when Enum.TryParse<EventType>(kind.Value<string>(), out var parsed) => parsed,
            _ => null,
        };
        return type is { } t && Types.TryGetValue(t, out var clr) ? clr : null;
    }
}
