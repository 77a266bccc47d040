using System.Text.Json.Serialization;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Workflow.Models;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Input of the submit-clip activity.</summary>
/// <param name="Job">What to render.</param>
/// <param name="IdempotencyKey">Stable per attempt, so a redelivered submit never pays twice.</param>
public sealed record SubmitClipInput([property: JsonPropertyName("job")] ClipJob Job, [property: JsonPropertyName("idempotency_key")] string IdempotencyKey);

/// <summary>Input of the submit-image activity.</summary>
/// <param name="Request">What to draw.</param>
/// <param name="IdempotencyKey">Stable per attempt.</param>
public sealed record SubmitImageInput([property: JsonPropertyName("request")] ImageRequest Request, [property: JsonPropertyName("idempotency_key")] string IdempotencyKey);

/// <summary>A provider job accepted by the provider.</summary>
/// <param name="JobId">The provider's job (prediction) id.</param>
/// <param name="PollIntervalSeconds">How often the provider wants to be polled.</param>
/// <param name="CompletionEventWaitSeconds">How long to wait for the provider's completion event (webhook) before polling; null when none was asked for.</param>
/// <param name="FirstPollSeconds">
/// When set, polling starts this long after the submit and the wait doubles up to <paramref name="PollIntervalSeconds"/>; when null (and in
/// histories written before it existed) the job is polled at once and then every interval.
/// </param>
/// <remarks>Recorded in history with the activity's result, so the waiting mode of a running clip never depends on configuration read at replay.</remarks>
public sealed record ProviderSubmission(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("poll_interval_seconds")] double PollIntervalSeconds,
    [property: JsonPropertyName("completion_event_wait_seconds")] double? CompletionEventWaitSeconds = null,
    [property: JsonPropertyName("first_poll_seconds")] double? FirstPollSeconds = null);

/// <summary>Input of the wait-for-job activities: poll for at most this long.</summary>
/// <param name="JobId">The provider job.</param>
/// <param name="MaxWaitSeconds">The longest time the activity polls before returning a non-terminal status.</param>
public sealed record WaitForJobInput([property: JsonPropertyName("job_id")] string JobId, [property: JsonPropertyName("max_wait_seconds")] double MaxWaitSeconds);

/// <summary>Input of the fetch-clip activity.</summary>
/// <param name="JobId">The finished provider job.</param>
/// <param name="VideoId">The id to store the clip under (chosen by the orchestration, so a retry is idempotent).</param>
/// <param name="Job">The request, recorded in the clip's metadata.</param>
public sealed record FetchClipInput([property: JsonPropertyName("job_id")] string JobId, [property: JsonPropertyName("video_id")] Guid VideoId, [property: JsonPropertyName("job")] ClipJob Job);

/// <summary>Input of the fetch-image activity.</summary>
/// <param name="JobId">The finished provider job.</param>
/// <param name="ImageId">The id to store the image under.</param>
/// <param name="Request">The request, recorded in the image's metadata.</param>
public sealed record FetchImageInput([property: JsonPropertyName("job_id")] string JobId, [property: JsonPropertyName("image_id")] Guid ImageId, [property: JsonPropertyName("request")] ImageRequest Request);

/// <summary>A stored character reference image.</summary>
/// <param name="ImageId">The stored image id.</param>
/// <param name="ImageUrl">Where clients fetch it.</param>
/// <param name="CostUsd">What the provider charged for it in US dollars (zero for local renders and unpriced models).</param>
public sealed record ImageAsset(
    [property: JsonPropertyName("image_id")] Guid ImageId,
    [property: JsonPropertyName("image_url")] string ImageUrl,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd = 0);

/// <summary>Input of the stitch activity.</summary>
/// <param name="VideoIds">The clips, in order.</param>
/// <param name="SongId">The optional song.</param>
/// <param name="LoopSong">Loop a song shorter than the video.</param>
/// <param name="SuppressClipAudio">Drop the clips' own audio.</param>
/// <param name="OutputId">The id of the stitched video (chosen by the orchestration).</param>
/// <param name="FitToSong">Make the video exactly as long as the song: repeat the clips in order and cut at the song's end.</param>
public sealed record StitchInput([property: JsonPropertyName("video_ids")] IReadOnlyList<Guid> VideoIds, [property: JsonPropertyName("song_id")] Guid? SongId, [property: JsonPropertyName("loop_song")] bool LoopSong, [property: JsonPropertyName("suppress_clip_audio")] bool SuppressClipAudio, [property: JsonPropertyName("output_id")] Guid OutputId, [property: JsonPropertyName("fit_to_song")] bool FitToSong = false);

/// <summary>The stitched video.</summary>
/// <param name="VideoId">The stored video id.</param>
/// <param name="VideoUrl">Where clients fetch it.</param>
/// <param name="DurationSeconds">Its duration.</param>
/// <param name="SongApplied">Whether the song was laid under it.</param>
/// <param name="NormalisedClips">How many clips had to be re-encoded to match.</param>
public sealed record StitchOutput([property: JsonPropertyName("video_id")] Guid VideoId, [property: JsonPropertyName("video_url")] string VideoUrl, [property: JsonPropertyName("duration_seconds")] double DurationSeconds, [property: JsonPropertyName("song_applied")] bool SongApplied, [property: JsonPropertyName("normalised_clips")] int NormalisedClips);
