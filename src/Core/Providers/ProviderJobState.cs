using System.Text.Json.Serialization;

namespace MusicVideo.Core.Providers;

/// <summary>Where a provider job is in its life.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProviderJobState>))]
public enum ProviderJobState
{
    /// <summary>Accepted but not started (Replicate <c>starting</c>).</summary>
    Queued,

    /// <summary>Being generated (Replicate <c>processing</c>, Veo <c>done=false</c>).</summary>
    Running,

    /// <summary>Finished; the output can be fetched.</summary>
    Succeeded,

    /// <summary>Finished without output (failed, canceled or aborted).</summary>
    Failed,
}
