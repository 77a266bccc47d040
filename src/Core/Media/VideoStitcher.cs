using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MusicVideo.Core.Media;

/// <summary>Joins clips into one MP4: probe, normalise only the clips that differ, concat demuxer with stream copy, mux the song, faststart.</summary>
public sealed class VideoStitcher
{
    private const double AudioOverhangToleranceSeconds = 0.05;
    private readonly FfmpegRunner _runner;
    private readonly MediaProbe _probe;

    /// <summary>Creates a stitcher that runs ffmpeg through the given runner.</summary>
    public VideoStitcher(FfmpegRunner runner)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _probe = new MediaProbe(runner);
    }

    /// <summary>Stitches the clips (and song) of the request into its output path.</summary>
    public async Task<StitchResult> StitchAsync(
        StitchRequest request, IProgress<StitchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ClipPaths is null || request.ClipPaths.Count == 0)
        {
            throw new ArgumentException("At least one clip is required to stitch.", nameof(request));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(request.OutputPath);
        var stopwatch = Stopwatch.StartNew();
        var clipPaths = request.ClipPaths.Select(Path.GetFullPath).ToArray();
        foreach (var clip in clipPaths)
        {
            if (!File.Exists(clip))
            {
                throw new FileNotFoundException($"Clip '{clip}' does not exist.", clip);
            }
        }

        var songPath = request.SongPath is null ? null : Path.GetFullPath(request.SongPath);
        if (songPath is not null && !File.Exists(songPath))
        {
            throw new FileNotFoundException($"Song '{songPath}' does not exist.", songPath);
        }

        progress?.Report(new StitchProgress("probing", 0));
        Dictionary<string, MediaInfo> infoByPath;
        if (request.ClipInfos is { } known)
        {
            if (known.Count != clipPaths.Length)
            {
                throw new ArgumentException(
                    $"ClipInfos has {known.Count} entries but there are {clipPaths.Length} clips; pass one probe per clip or none.", nameof(request));
            }

            infoByPath = new Dictionary<string, MediaInfo>(StringComparer.Ordinal);
            for (var i = 0; i < clipPaths.Length; i++)
            {
                infoByPath.TryAdd(clipPaths[i], known[i]);
            }
        }
        else
        {
            var distinctClips = clipPaths.Distinct(StringComparer.Ordinal).ToArray();
            var probes = await Task.WhenAll(distinctClips.Select(p => _probe.ProbeAsync(p, cancellationToken))).ConfigureAwait(false);
            infoByPath = distinctClips.Zip(probes).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal);
        }

        foreach (var (path, info) in infoByPath)
        {
            if (info.Video is null)
            {
                throw new InvalidDataException($"Clip '{path}' has no video stream.");
            }
        }

        MediaInfo? song = null;
        if (songPath is not null)
        {
            song = await _probe.ProbeAsync(songPath, cancellationToken).ConfigureAwait(false);
            if (song.Audio is null)
            {
                throw new InvalidDataException($"Song '{songPath}' has no audio stream.");
            }
        }

        // The song replaces clip audio, so clip audio only matters without a song.
        var includeClipAudio = song is null && !request.SuppressClipAudio;
        var target = ChooseTarget(clipPaths.Select(p => infoByPath[p]).ToList());

        var outputPath = Path.GetFullPath(request.OutputPath);
        var outputDir = Path.GetDirectoryName(outputPath)!;
        Directory.CreateDirectory(outputDir);
        var workDir = Path.Combine(outputDir, $".stitch-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDir);
        try
        {
            var partByPath = new Dictionary<string, (string Path, double Duration)>(StringComparer.Ordinal);
            var normalised = new List<int>();
            for (var i = 0; i < clipPaths.Length; i++)
            {
                var clip = clipPaths[i];
                var info = infoByPath[clip];
                var plan = Plan(info, target, includeClipAudio);
                if (plan != Normalisation.None)
                {
                    normalised.Add(i);
                }

                if (partByPath.ContainsKey(clip))
                {
                    continue;
                }

                if (plan == Normalisation.None)
                {
                    partByPath[clip] = (clip, VideoDuration(info));
                }
                else
                {
                    var part = Path.Combine(workDir, $"part{partByPath.Count:D3}.mp4");
                    await NormaliseAsync(clip, info, part, target, plan, includeClipAudio, request, cancellationToken).ConfigureAwait(false);
                    var partInfo = await _probe.ProbeAsync(part, cancellationToken).ConfigureAwait(false);
                    partByPath[clip] = (part, VideoDuration(partInfo));
                }

                progress?.Report(new StitchProgress("normalising", 0.05 + (0.8 * (i + 1) / clipPaths.Length)));
            }

            var listPath = Path.Combine(workDir, "list.ffconcat");
            var list = new StringBuilder("ffconcat version 1.0\n");
            double total = 0;

            // Fitting to the song repeats the clips in order until the song is covered; the cut below ends with the song.
            double goal = request.FitVideoToSong && song is not null ? song.DurationSeconds : 0;
            do
            {
                foreach (var clip in clipPaths)
                {
                    var (part, duration) = partByPath[clip];
                    // An explicit duration makes each file's offset its video length, so a slightly longer audio track cannot open a video gap.
                    list.Append("file ").Append(QuoteConcatPath(part)).Append('\n')
                        .Append("duration ").Append(duration.ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
                    total += duration;
                    if (goal > 0 && total >= goal)
                    {
                        break;
                    }
                }
            }
            while (total < goal);

            total = goal > 0 ? goal : total;

            await File.WriteAllTextAsync(listPath, list.ToString(), cancellationToken).ConfigureAwait(false);

            progress?.Report(new StitchProgress("concatenating", 0.85));
            var tempOutput = Path.Combine(workDir, "output.mp4");
            var totalText = total.ToString("0.######", CultureInfo.InvariantCulture);
            var args = new List<string> { "-f", "concat", "-safe", "0", "-i", listPath };
            if (song is not null)
            {
                if (request.LoopSong)
                {
                    args.AddRange(["-stream_loop", "-1"]);
                }

                args.AddRange(["-i", songPath!, "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy"]);
                // Copying an AAC song avoids the audio encode that dominates this step (anchors §3.4); loops are re-encoded for clean joins.
                if (song.Audio!.Codec == "aac" && !request.LoopSong)
                {
                    args.AddRange(["-c:a", "copy"]);
                }
                else
                {
                    args.AddRange(["-c:a", "aac", "-b:a", "192k", "-ar", "48000", "-ac", "2"]);
                }
            }
            else if (includeClipAudio)
            {
                args.AddRange(["-map", "0:v:0", "-map", "0:a:0", "-c", "copy"]);
            }
            else
            {
                args.AddRange(["-map", "0:v:0", "-an", "-c", "copy"]);
            }

            args.AddRange(["-t", totalText, "-movflags", "+faststart", tempOutput]);
            await _runner.RunFfmpegAsync(
                args,
                TimeSpan.FromSeconds(total),
                progress is null ? null : new Progress<FfmpegProgress>(p => progress.Report(new StitchProgress("concatenating", 0.85 + (0.15 * (p.Fraction ?? 0))))),
                cancellationToken).ConfigureAwait(false);

            File.Move(tempOutput, outputPath, overwrite: true);

            // The duration comes from the MP4 header (faststart puts it first): no second ffprobe start, which
            // costs about as much as the whole stream-copy concat.
            double outputDuration = Mp4Header.ReadDurationSeconds(outputPath)
                ?? throw new InvalidDataException("ffmpeg wrote an MP4 without a readable movie header.");
            stopwatch.Stop();
            progress?.Report(new StitchProgress("done", 1));
            return new StitchResult(outputPath, outputDuration, target, normalised, song is not null, stopwatch.Elapsed);
        }
        finally
        {
            TryDeleteDirectory(workDir);
        }
    }

    /// <summary>Picks the most common resolution and frame rate among the clips (ties go to the earliest clip) and a shared timescale.</summary>
    public static StitchTarget ChooseTarget(IReadOnlyList<MediaInfo> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var videos = clips.Select(c => c.Video ?? throw new InvalidDataException("Every clip needs a video stream.")).ToList();
        var groups = videos
            .Select((v, i) => (Key: (W: v.Width & ~1, H: v.Height & ~1, Fps: NormaliseRate(v.FrameRateRational, v.FrameRate)), Index: i))
            .GroupBy(x => x.Key)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Min(x => x.Index))
            .First();
        var (width, height, fps) = groups.Key;

        // Keep the timescale most of the matching H.264 clips already have, so they need no rewrite at all.
        var timescale = groups
            .Select(x => videos[x.Index])
            .Where(v => v.Codec == "h264" && v.PixelFormat == "yuv420p")
            .Select(v => ParseTimescale(v.TimeBase))
            .Where(t => t > 0)
            .GroupBy(t => t)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault();
        if (timescale <= 0)
        {
            timescale = DefaultTimescale(fps);
        }

        return new StitchTarget(width, height, fps, timescale);
    }

    private enum Normalisation
    {
        None,
        Rewrap,
        ReEncode,
    }

    private static Normalisation Plan(MediaInfo info, StitchTarget target, bool includeAudio)
    {
        var v = info.Video!;
        var videoMatches = v.Codec == "h264"
            && v.Width == target.Width
            && v.Height == target.Height
            && Math.Abs(v.FrameRate - target.FramesPerSecond) < 0.001
            && v.PixelFormat == "yuv420p"
            && v.HasSquarePixels;
        if (!videoMatches)
        {
            return Normalisation.ReEncode;
        }

        var timescaleMatches = ParseTimescale(v.TimeBase) == target.VideoTimescale;
        var audioMatches = !includeAudio || AudioMatches(info);
        return timescaleMatches && audioMatches ? Normalisation.None : Normalisation.Rewrap;
    }

    private static bool AudioMatches(MediaInfo info) =>
        info.Audio is { Codec: "aac", SampleRate: 48000, Channels: 2 } a
        && (a.DurationSeconds is null || a.DurationSeconds <= VideoDuration(info) + AudioOverhangToleranceSeconds);

    private async Task NormaliseAsync(
        string clip, MediaInfo info, string output, StitchTarget target, Normalisation plan, bool includeAudio,
        StitchRequest request, CancellationToken cancellationToken)
    {
        var duration = VideoDuration(info);
        var durationText = duration.ToString("0.######", CultureInfo.InvariantCulture);
        var args = new List<string> { "-i", clip };
        var addSilence = includeAudio && info.Audio is null;
        if (addSilence)
        {
            args.AddRange(["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo"]);
        }

        args.AddRange(["-map", "0:v:0"]);
        if (includeAudio)
        {
            args.AddRange(["-map", addSilence ? "1:a:0" : "0:a:0"]);
        }
        else
        {
            args.Add("-an");
        }

        if (plan == Normalisation.ReEncode)
        {
            var w = target.Width.ToString(CultureInfo.InvariantCulture);
            var h = target.Height.ToString(CultureInfo.InvariantCulture);
            var gop = Math.Max(1, (int)Math.Round(target.FramesPerSecond * 2)).ToString(CultureInfo.InvariantCulture);
            args.AddRange([
                "-vf",
                $"scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={target.FrameRate},format=yuv420p",
                "-c:v", "libx264", "-preset", request.Preset, "-crf", request.Crf.ToString(CultureInfo.InvariantCulture),
                "-g", gop, "-pix_fmt", "yuv420p",
            ]);
            _runner.AddThreads(args);
        }
        else
        {
            args.AddRange(["-c:v", "copy"]);
        }

        if (includeAudio)
        {
            if (!addSilence && AudioMatches(info))
            {
                args.AddRange(["-c:a", "copy"]);
            }
            else
            {
                // apad fills a short track with silence; -t below cuts everything to the video length.
                if (!addSilence)
                {
                    args.AddRange(["-af", "apad"]);
                }

                args.AddRange(["-c:a", "aac", "-b:a", "192k", "-ar", "48000", "-ac", "2"]);
            }
        }

        args.AddRange([
            "-video_track_timescale", target.VideoTimescale.ToString(CultureInfo.InvariantCulture),
            "-t", durationText,
            output,
        ]);
        await _runner.RunFfmpegAsync(args, TimeSpan.FromSeconds(duration), null, cancellationToken).ConfigureAwait(false);
    }

    private static double VideoDuration(MediaInfo info) =>
        info.Video?.DurationSeconds is { } d and > 0 ? d : info.DurationSeconds;

    private static string NormaliseRate(string rational, double fps)
    {
        // 24/1 and 24000/1000 are the same rate; integer rates are written canonically.
        var rounded = Math.Round(fps);
        if (Math.Abs(fps - rounded) < 0.0005 && rounded > 0)
        {
            return $"{rounded.ToString(CultureInfo.InvariantCulture)}/1";
        }

        return rational is { Length: > 0 } && rational != "0/0" ? rational : fps.ToString("0.###", CultureInfo.InvariantCulture);
    }

    private static int ParseTimescale(string timeBase)
    {
        var slash = timeBase.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && timeBase[..slash] == "1"
            && int.TryParse(timeBase.AsSpan(slash + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t)
            ? t
            : 0;
    }

    private static int DefaultTimescale(string frameRate)
    {
        // Mirrors the mp4 muxer's default (the rate doubled until ≥ 10000), so freshly encoded clips line up with ours.
        var slash = frameRate.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(frameRate.AsSpan(0, slash), NumberStyles.Integer, CultureInfo.InvariantCulture, out var num)
            && int.TryParse(frameRate.AsSpan(slash + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var den)
            && num > 0 && den > 0)
        {
            var scale = num;
            while (scale < 10000)
            {
                scale *= 2;
            }

            return scale;
        }

        return 90000;
    }

    private static string QuoteConcatPath(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless and lives next to the output.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
