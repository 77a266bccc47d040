using MusicVideo.Core.Media;
using MusicVideo.Core.Storage;
using Microsoft.DurableTask;

using MusicVideo.Core.Workflow;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Stitches stored clips (and an optional stored song) into a new stored video.</summary>
public sealed class StitchActivity(MediaStore media, VideoStitcher stitcher, MusicVideoOptions options, ActivityCancellation cancellation) : TaskActivity<StitchInput, StitchOutput>
{
    /// <inheritdoc />
    public override async Task<StitchOutput> RunAsync(TaskActivityContext context, StitchInput input)
    {
        var ct = cancellation.Token;
        var existing = await media.GetMetadataAsync(MediaKind.Video, input.OutputId, ct);
        if (existing is null)
        {
            var clips = new List<string>(input.VideoIds.Count);
            var probes = new List<MediaInfo>(input.VideoIds.Count);
            foreach (var id in input.VideoIds)
            {
                clips.Add(await media.TryGetLocalPathAsync(MediaKind.Video, id, ct)
                    ?? throw new PermanentFailureException($"Video '{id}' was not found in storage."));
                if (ClipProbe.FromMetadata(await media.GetMetadataAsync(MediaKind.Video, id, ct)) is { } probe)
                {
                    probes.Add(probe);
                }
            }

            // Probes taken when the clips were fetched spare the stitcher one ffprobe start per clip.
            var known = probes.Count == clips.Count ? probes : null;

            string? song = input.SongId is { } songId
                ? await media.TryGetLocalPathAsync(MediaKind.Audio, songId, ct) ?? throw new PermanentFailureException($"Song '{songId}' was not found in storage.")
                : null;
            Directory.CreateDirectory(options.TempDirectory);
            string output = Path.Combine(options.TempDirectory, $"{input.OutputId:N}.{Guid.NewGuid():N}.stitch.mp4"); // fresh per attempt: no orphan shares it
            var result = await stitcher.StitchAsync(
                new StitchRequest(clips, output, song, input.LoopSong, input.SuppressClipAudio, ClipInfos: known, FitVideoToSong: input.FitToSong), cancellationToken: ct);
            existing = await media.PutFileAsync(MediaKind.Video, input.OutputId, output, new MediaMetadata
            {
                SourceIds = input.VideoIds,
                AudioOverlayId = input.SongId,
                DurationSeconds = result.DurationSeconds,
                Width = result.Target.Width,
                Height = result.Target.Height,
                ProcessingTimeSeconds = result.Elapsed.TotalSeconds,
                Provider = "ffmpeg",
                Parameters = new System.Text.Json.Nodes.JsonObject
                {
                    ["normalised_clips"] = result.NormalisedClipIndexes.Count,
                    ["loop_song"] = input.LoopSong,
                    ["suppress_video_audio"] = input.SuppressClipAudio,
                    ["fit_to_song"] = input.FitToSong,
                },
            }, moveSource: true, ct);
        }

        string url = await media.GetUrlAsync(MediaKind.Video, input.OutputId, ct);
        int normalised = existing.Parameters?["normalised_clips"]?.GetValue<int>() ?? 0;
        return new StitchOutput(input.OutputId, url, existing.DurationSeconds ?? 0, existing.AudioOverlayId is not null, normalised);
    }
}
