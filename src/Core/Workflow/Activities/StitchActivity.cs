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
            // Inputs come from any store: read in place on the local store, downloaded (in parallel) into this step's folder otherwise.
            await using var workspace = new MediaWorkspace(media, options.TempDirectory);
            var clips = await Task.WhenAll(input.VideoIds.Select(async id =>
                await workspace.InputAsync(MediaKind.Video, id, ct) ?? throw new PermanentFailureException($"Video '{id}' was not found in storage.")));
            var probes = new List<MediaInfo>(input.VideoIds.Count);
            foreach (var id in input.VideoIds)
            {
                if (ClipProbe.FromMetadata(await media.GetMetadataAsync(MediaKind.Video, id, ct)) is { } probe)
                {
                    probes.Add(probe);
                }
            }

            // Probes taken when the clips were fetched spare the stitcher one ffprobe start per clip.
            var known = probes.Count == clips.Length ? probes : null;

            string? song = input.SongId is { } songId
                ? await workspace.InputAsync(MediaKind.Audio, songId, ct) ?? throw new PermanentFailureException($"Song '{songId}' was not found in storage.")
                : null;
            // The workspace folder is new for every attempt, so no orphan of an earlier attempt shares this path.
            string output = workspace.OutputPath($"{input.OutputId:N}.stitch.mp4");
            var result = await stitcher.StitchAsync(
                new StitchRequest(clips, output, song, input.LoopSong, input.SuppressClipAudio, ClipInfos: known, FitVideoToSong: input.FitToSong), cancellationToken: ct);
            existing = await workspace.SaveAsync(MediaKind.Video, input.OutputId, output, new MediaMetadata
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
            }, ct);
        }

        // The API route, never a presigned link: this output is durable state, and links are made when responses are built.
        string url = MediaStore.ApiRouteFor(MediaKind.Video, input.OutputId);
        int normalised = existing.Parameters?["normalised_clips"]?.GetValue<int>() ?? 0;
        return new StitchOutput(input.OutputId, url, existing.DurationSeconds ?? 0, existing.AudioOverlayId is not null, normalised);
    }
}
