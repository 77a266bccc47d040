using System.Text.Json.Nodes;
using MusicVideo.Core.Media;
using MusicVideo.Core.Providers;
using MusicVideo.Core.Providers.Local;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Activities;
using MusicVideo.Core.Workflow.Models;

namespace MusicVideo.Bench;

/// <summary>
/// The job's critical path without the engine: the same provider, media and storage calls the activities make, in the same
/// order and with the same concurrency (all scenes at once; the local renderer's own MaxConcurrentRenders limit), but with
/// plain awaits instead of durable scheduling, history, timers and sub-orchestrations.
/// </summary>
static class PipelineDirect
{
    /// <summary>How long one WaitForClip activity polls before the orchestration sleeps on a timer (ProviderMonitor).</summary>
    static readonly TimeSpan MaxActivityWait = TimeSpan.FromSeconds(20);

    public static async Task<PipelineRun> RunAsync(string dataDirectory, MusicVideoJobInput input, double expectedSeconds, CancellationToken cancellationToken)
    {
        // The same objects AddMusicVideo registers, built before the clock starts (as the job's host is).
        var options = new MusicVideoOptions { DataDirectory = dataDirectory };
        Directory.CreateDirectory(dataDirectory);
        var local = new LocalProviderOptions
        {
            WorkDirectory = Path.Combine(dataDirectory, "providers"),
            MaxConcurrentRenders = options.MaxConcurrentRenders,
            FailWhenPromptContains = options.FailWhenPromptContains,
            MinimumJobDuration = options.MinimumJobDuration,
        };
        var runner = new FfmpegRunner();
        var probe = new MediaProbe(runner);
        var stitcher = new VideoStitcher(runner);
        MediaStore media = new LocalMediaStore(new LocalMediaStoreOptions(Path.Combine(dataDirectory, "media")));
        ScenePlanner planner = new LocalScenePlanner();
        using var clips = new LocalClipGenerator(local);

        var startUtc = DateTime.UtcNow;

        // PlanScenesActivity, with the request MusicVideoJobOrchestrator.WriteScenesAsync builds.
        var request = new ScenePlanRequest(
            input.Idea, input.CharacterDescription, input.SceneCount, input.Mode, input.DirectorStyle,
            input.Seed, input.AspectRatio, input.ClipDurationSeconds);
        var plan = await planner.PlanScenesAsync(request, cancellationToken);
        var planDoneUtc = DateTime.UtcNow;

        // One GenerateClip per scene, all at once (the orchestrator's Task.WhenAll over sub-orchestrations).
        var rendered = await Task.WhenAll(plan.Scenes.Select((scene, i) =>
        {
            var job = new ClipJob(scene.Description, scene.NegativeDescription, input.AspectRatio, input.ClipDurationSeconds, input.Seed + i, input.CharacterReferenceId);
            return GenerateClipAsync(job, clips, media, probe, options, cancellationToken);
        }));

        // StitchActivity.
        var stitchStartUtc = DateTime.UtcNow;
        var outputId = Guid.NewGuid();
        var ids = rendered.Select(r => r.Asset.VideoId).ToList();
        await StitchAsync(ids, outputId, media, stitcher, options, cancellationToken);
        var endUtc = DateTime.UtcNow;

        string output = await media.TryGetLocalPathAsync(MediaKind.Video, outputId, cancellationToken)
            ?? throw new InvalidOperationException($"Stitched video '{outputId}' was not stored.");

        var info = await PipelineMeasure.VerifyVideoAsync(probe, output, expectedSeconds, $"direct run (seed {input.Seed})");
        return PipelineRunBuilder.Build(
            startUtc, planDoneUtc, stitchStartUtc, endUtc, endUtc, rendered.Select(r => r.Timeline).ToList(), local.WorkDirectory, output, info.DurationSeconds);
    }

    /// <summary>GenerateClipOrchestrator: submit, poll until succeeded (bounded waits, then a sleep), fetch into storage.</summary>
    static async Task<(ClipAsset Asset, ClipTimeline Timeline)> GenerateClipAsync(
        ClipJob job, ClipGenerator clips, MediaStore media, MediaProbe probe, MusicVideoOptions options, CancellationToken ct)
    {
        var submitStartedUtc = DateTime.UtcNow;

        // SubmitClipActivity (no character reference in this benchmark).
        var request = new ClipRequest(job.Prompt, job.AspectRatio, job.DurationSeconds, job.NegativePrompt, job.Seed, null);
        var submitted = await clips.SubmitAsync(request, Guid.NewGuid().ToString("N"), ct);
        string jobId = submitted.JobId;

        // ProviderMonitor.WaitUntilSucceededAsync with WaitForClipActivity (ProviderPolling at the provider's poll interval).
        int polls = 0;
        int timers = 0;
        while (true)
        {
            polls++;
            var status = await ProviderPolling.WaitAsync(c => clips.PollAsync(jobId, c), clips.PollInterval, MaxActivityWait, ct);
            if (status.State == ProviderJobState.Succeeded)
            {
                break;
            }

            if (status.State == ProviderJobState.Failed)
            {
                throw new InvalidOperationException($"Clip job {jobId} failed: {status.Error}");
            }

            timers++;
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(clips.PollInterval.TotalSeconds, status.RetryAfter?.TotalSeconds ?? 0)), ct);
        }

        var succeededSeenUtc = DateTime.UtcNow;

        // FetchClipActivity: download to a temp file, probe, move into the media store with metadata, read the URL.
        var videoId = Guid.NewGuid();
        var stored = await media.GetMetadataAsync(MediaKind.Video, videoId, ct);
        if (stored is null)
        {
            Directory.CreateDirectory(options.TempDirectory);
            string temp = Path.Combine(options.TempDirectory, $"{videoId:N}.download.mp4");
            await clips.FetchAsync(jobId, temp, ct);
            var info = await probe.ProbeAsync(temp, ct);
            if (info.Video is null)
            {
                throw new InvalidOperationException($"The provider returned a file without a video stream for job {jobId}.");
            }

            stored = await media.PutFileAsync(MediaKind.Video, videoId, temp, new MediaMetadata
            {
                Prompt = job.Prompt,
                NegativePrompt = job.NegativePrompt,
                Provider = clips.Name,
                Model = clips.Model,
                ProviderJobId = jobId,
                Seed = job.Seed,
                AspectRatio = job.AspectRatio,
                CharacterReferenceId = job.CharacterReferenceId,
                DurationSeconds = info.DurationSeconds,
                Width = info.Video.Width,
                Height = info.Video.Height,
            }, moveSource: true, ct);
        }

        string url = await media.GetUrlAsync(MediaKind.Video, videoId, ct);
        var asset = new ClipAsset(videoId, url, stored.DurationSeconds ?? 0, stored.Width ?? 0, stored.Height ?? 0, jobId);
        return (asset, new ClipTimeline(jobId, submitStartedUtc, succeededSeenUtc, DateTime.UtcNow, polls, timers));
    }

    /// <summary>StitchActivity without a song: resolve the stored clips, stitch (the stitcher probes them), store the result.</summary>
    static async Task StitchAsync(
        IReadOnlyList<Guid> videoIds, Guid outputId, MediaStore media, VideoStitcher stitcher, MusicVideoOptions options, CancellationToken ct)
    {
        var existing = await media.GetMetadataAsync(MediaKind.Video, outputId, ct);
        if (existing is null)
        {
            var paths = new List<string>(videoIds.Count);
            foreach (var id in videoIds)
            {
                paths.Add(await media.TryGetLocalPathAsync(MediaKind.Video, id, ct)
                    ?? throw new InvalidOperationException($"Video '{id}' was not found in storage."));
            }

            Directory.CreateDirectory(options.TempDirectory);
            string output = Path.Combine(options.TempDirectory, $"{outputId:N}.stitch.mp4");
            var result = await stitcher.StitchAsync(
                new StitchRequest(paths, output, null, LoopSong: false, SuppressClipAudio: false, FitVideoToSong: false), cancellationToken: ct);
            await media.PutFileAsync(MediaKind.Video, outputId, output, new MediaMetadata
            {
                SourceIds = videoIds,
                AudioOverlayId = null,
                DurationSeconds = result.DurationSeconds,
                Width = result.Target.Width,
                Height = result.Target.Height,
                ProcessingTimeSeconds = result.Elapsed.TotalSeconds,
                Provider = "ffmpeg",
                Parameters = new JsonObject
                {
                    ["normalised_clips"] = result.NormalisedClipIndexes.Count,
                    ["loop_song"] = false,
                    ["suppress_video_audio"] = false,
                    ["fit_to_song"] = false,
                },
            }, moveSource: true, ct);
        }

        _ = await media.GetUrlAsync(MediaKind.Video, outputId, ct);
    }
}
