using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MusicVideo.Core.Media;

/// <summary>Joins clips into one MP4: probe, re-encode only the clips whose stream cannot be copied, concat demuxer with video stream copy, gapless audio, BT.709 tags, faststart.</summary>
/// <remarks>
/// Clip audio is joined by packet copy when every clip's AAC stream is alike and frame-aligned (our local renders,
/// one model's clips): each clip's priming frame is dropped, so no priming silence lands at a cut and nothing drifts.
/// Otherwise it is decoded, cut to each clip's video span and encoded once.
/// </remarks>
public sealed class VideoStitcher
{
    readonly FfmpegRunner _runner;
    readonly MediaProbe _probe;

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

            // Probes stored before the stitcher compared parameter sets lack the extradata hash, and ones stored before it
            // copied clip audio lack the AAC packet count; those clips are probed again.
            var stale = infoByPath
                .Where(kv => kv.Value.Video is { Codec: "h264", ExtradataHash: null } || kv.Value.Audio is { Codec: "aac", PacketCount: null })
                .Select(kv => kv.Key)
                .ToArray();
            var fresh = await Task.WhenAll(stale.Select(p => _probe.ProbeAsync(p, cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < stale.Length; i++)
            {
                infoByPath[stale[i]] = fresh[i];
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
        var clipInfos = clipPaths.Select(p => infoByPath[p]).ToList();
        var target = ChooseTarget(clipInfos);

        var outputPath = Path.GetFullPath(request.OutputPath);
        var outputDir = Path.GetDirectoryName(outputPath)!;
        Directory.CreateDirectory(outputDir);
        var workDir = Path.Combine(outputDir, $".stitch-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDir);
        try
        {
            var plans = await PlanAsync(clipPaths, infoByPath, target, workDir, cancellationToken).ConfigureAwait(false);
            var partByPath = new Dictionary<string, (string Path, double Duration)>(StringComparer.Ordinal);
            var normalised = new List<int>();
            for (var i = 0; i < clipPaths.Length; i++)
            {
                var clip = clipPaths[i];
                var info = infoByPath[clip];
                var plan = plans[clip];
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
                    await NormaliseAsync(clip, info, part, target, plan, cancellationToken).ConfigureAwait(false);
                    var partInfo = await _probe.ProbeAsync(part, cancellationToken).ConfigureAwait(false);
                    partByPath[clip] = (part, VideoDuration(partInfo));
                }

                progress?.Report(new StitchProgress("normalising", 0.05 + (0.8 * (i + 1) / clipPaths.Length)));
            }

            var listPath = Path.Combine(workDir, "list.ffconcat");
            var list = new StringBuilder("ffconcat version 1.0\n");
            var segments = new List<(string Clip, double Duration)>();
            double total = 0;

            // Fitting to the song repeats the clips in order until the song is covered; the cut below ends with the song.
            double goal = request.FitVideoToSong && song is not null ? song.DurationSeconds : 0;
            do
            {
                foreach (var clip in clipPaths)
                {
                    var (part, duration) = partByPath[clip];
                    // An explicit duration makes each file's offset its video length, so every cut lands where the video says.
                    list.Append("file ").Append(QuoteConcatPath(part)).Append('\n')
                        .Append("duration ").Append(duration.ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
                    segments.Add((clip, duration));
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
            var clipAudioCopied = false;
            if (song is not null)
            {
                if (request.LoopSong)
                {
                    args.AddRange(["-stream_loop", "-1"]);
                }

                args.AddRange(["-i", songPath!, "-map", "0:v:0", "-map", "1:a:0"]);
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
                if (normalised.Count == 0 && PrimingPacketIndexes(segments, infoByPath) is { } priming)
                {
                    AddSplicedClipAudio(args, priming);
                    clipAudioCopied = true;
                }
                else
                {
                    AddGaplessClipAudio(args, segments, infoByPath);
                }
            }
            else
            {
                args.AddRange(["-map", "0:v:0", "-an"]);
            }

            args.AddRange(Bt709VideoCopyArguments);
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
            return new StitchResult(outputPath, outputDuration, target, normalised, song is not null, stopwatch.Elapsed, clipAudioCopied);
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

    enum Normalisation
    {
        None,
        Rewrap,
        ReEncode,
    }

    // Stream copy keeps every clip's bitstream, so the concatenated track is only valid when all parts share one
    // SPS/PPS (the avc1 sample entry holds a single set) and decode to the same colours.
    async Task<Dictionary<string, Normalisation>> PlanAsync(
        IReadOnlyList<string> clipPaths, Dictionary<string, MediaInfo> infoByPath, StitchTarget target,
        string workDir, CancellationToken cancellationToken)
    {
        var keys = clipPaths.Distinct(StringComparer.Ordinal).ToDictionary(p => p, p => CopyKey(infoByPath[p].Video!, target), StringComparer.Ordinal);
        string? copyableKey = null;
        if (keys.Values.All(k => k is not null) && keys.Values.Distinct(StringComparer.Ordinal).Count() == 1)
        {
            // Every clip shares one stream format (one provider and model, like our local renders): copy them all.
            copyableKey = keys.Values.First();
        }
        else if (keys.Values.Any(k => k is not null))
        {
            // Some clips must be re-encoded; the rest may be copied only when their parameter sets equal what the
            // re-encode writes, which a one-frame encode with the same settings shows.
            copyableKey = await CanonicalKeyAsync(target, workDir, cancellationToken).ConfigureAwait(false);
        }

        return keys.ToDictionary(
            kv => kv.Key,
            kv =>
            {
                if (kv.Value is null || !string.Equals(kv.Value, copyableKey, StringComparison.Ordinal))
                {
                    return Normalisation.ReEncode;
                }

                return ParseTimescale(infoByPath[kv.Key].Video!.TimeBase) == target.VideoTimescale ? Normalisation.None : Normalisation.Rewrap;
            },
            StringComparer.Ordinal);
    }

    /// <summary>What must be equal between clips for stream copy, or null when the clip cannot be copied into the output at all.</summary>
    static string? CopyKey(VideoStreamInfo v, StitchTarget target)
    {
        var copyable = v.Codec == "h264"
            && v.CodecTag is null or "avc1"
            && v.ExtradataHash is not null
            && v.Width == target.Width
            && v.Height == target.Height
            && Math.Abs(v.FrameRate - target.FramesPerSecond) < 0.001
            && !v.IsVariableFrameRate
            && v.PixelFormat == "yuv420p"
            && v.HasSquarePixels
            && v.FieldOrder is null or "progressive" or "unknown"
            && !NeedsColourConversion(v);
        return copyable ? $"{v.Profile}|{v.Level}|{v.ExtradataHash}" : null;
    }

    // Untagged clips are taken as BT.709 limited range, the HD convention (and what our local renderer writes).
    static bool NeedsColourConversion(VideoStreamInfo v) =>
        v.ColorSpace is not (null or "bt709")
        || v.ColorTransfer is not (null or "bt709")
        || v.ColorPrimaries is not (null or "bt709")
        || v.ColorRange is not (null or "tv")
        || v.PixelFormat.StartsWith("yuvj", StringComparison.Ordinal);

    async Task<string?> CanonicalKeyAsync(StitchTarget target, string workDir, CancellationToken cancellationToken)
    {
        var trial = Path.Combine(workDir, "canonical.mp4");
        var args = new List<string>
        {
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"color=c=black:s={target.Width}x{target.Height}:r={target.FrameRate}"),
            "-frames:v", "1", "-vf", FitFilter(target),
        };
        AddEncoderArguments(args, target);
        args.AddRange(["-an", "-video_track_timescale", target.VideoTimescale.ToString(CultureInfo.InvariantCulture), trial]);
        await _runner.RunFfmpegAsync(args, null, null, cancellationToken).ConfigureAwait(false);
        var info = await _probe.ProbeAsync(trial, cancellationToken).ConfigureAwait(false);
        File.Delete(trial);
        return info.Video is { } v ? CopyKey(v, target) : null;
    }

    async Task NormaliseAsync(
        string clip, MediaInfo info, string output, StitchTarget target, Normalisation plan, CancellationToken cancellationToken)
    {
        // Parts carry video only: clip audio is decoded from the original clips and encoded once for the whole cut.
        var duration = VideoDuration(info);
        var durationText = duration.ToString("0.######", CultureInfo.InvariantCulture);
        var args = new List<string> { "-i", clip, "-map", "0:v:0", "-an" };
        if (plan == Normalisation.ReEncode)
        {
            args.AddRange(["-vf", PrepareFilter(info.Video!) + FitFilter(target)]);
            AddEncoderArguments(args, target);
        }
        else
        {
            args.AddRange(["-c:v", "copy"]);
        }

        args.AddRange([
            "-video_track_timescale", target.VideoTimescale.ToString(CultureInfo.InvariantCulture),
            "-t", durationText,
            output,
        ]);
        await _runner.RunFfmpegAsync(args, TimeSpan.FromSeconds(duration), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Filters that bring one clip to square pixels and BT.709 limited range before it is fitted to the target.</summary>
    static string PrepareFilter(VideoStreamInfo v)
    {
        var filter = new StringBuilder();
        if (!v.HasSquarePixels && v.SampleAspectRatio is { } sar && MediaProbe.ParseRational(sar.Replace(':', '/')) is > 0)
        {
            // Anamorphic pixels are stretched to square first, so fitting keeps the picture's shape.
            filter.Append("scale=trunc(iw*sar/2)*2:ih,setsar=1,");
        }

        if (NeedsColourConversion(v))
        {
            var full = v.ColorRange == "pc" || (v.ColorRange is null && v.PixelFormat.StartsWith("yuvj", StringComparison.Ordinal));
            filter.Append("zscale=")
                .Append("matrixin=").Append(ZscaleMatrix(v.ColorSpace))
                .Append(":transferin=").Append(ZscaleTransfer(v.ColorTransfer))
                .Append(":primariesin=").Append(ZscalePrimaries(v.ColorPrimaries))
                .Append(":rangein=").Append(full ? "full" : "limited")
                .Append(":matrix=709:transfer=709:primaries=709:range=limited,");
        }

        return filter.ToString();
    }

    /// <summary>Scale, pad, constant frame rate and fixed BT.709 tags: every re-encoded part must write the same parameter sets.</summary>
    static string FitFilter(StitchTarget target)
    {
        var w = target.Width.ToString(CultureInfo.InvariantCulture);
        var h = target.Height.ToString(CultureInfo.InvariantCulture);
        return $"scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1,"
            + $"fps={target.FrameRate},format={ClipEncoding.PixelFormat},{ClipEncoding.Bt709Tags}";
    }

    // The same encoding as our local renders (ClipEncoding), so a re-encoded clip shares their parameter sets.
    void AddEncoderArguments(List<string> args, StitchTarget target)
    {
        args.AddRange(ClipEncoding.VideoArguments(target.FramesPerSecond));
        _runner.AddThreads(args);
    }

    static string ZscaleMatrix(string? tag) => tag switch
    {
        "smpte170m" => "170m",
        "bt470bg" => "470bg",
        "bt2020nc" => "2020_ncl",
        "bt2020c" => "2020_cl",
        "fcc" => "fcc",
        "smpte240m" => "240m",
        "ycgco" => "ycgco",
        _ => "709",
    };

    // SD clips (BT.601 tags) get their matrix and range converted but keep primaries and transfer: BT.601 and BT.709
    // share the transfer curve and players do not gamut-map SD primaries, so a gamut conversion would change the
    // colours viewers saw in the clip. Wide-gamut and HDR tags (BT.2020, PQ, HLG) are converted in full.
    static string ZscaleTransfer(string? tag) => tag switch
    {
        "smpte240m" => "240m",
        "linear" => "linear",
        "iec61966-2-1" => "iec61966-2-1",
        "bt2020-10" => "2020_10",
        "bt2020-12" => "2020_12",
        "smpte2084" => "smpte2084",
        "arib-std-b67" => "arib-std-b67",
        _ => "709",
    };

    static string ZscalePrimaries(string? tag) => tag switch
    {
        "smpte240m" => "240m",
        "bt2020" => "2020",
        "smpte431" => "smpte431",
        "smpte432" => "smpte432",
        "film" => "film",
        _ => "709",
    };

    // Copied parts keep their bitstream: the metadata filter rewrites each SPS's colour description in place, and the
    // stream options make the muxer write the same in the colr box, so players and ffprobe agree on BT.709.
    static readonly string[] Bt709VideoCopyArguments =
    [
        "-c:v", "copy",
        "-bsf:v", "h264_metadata=colour_primaries=1:transfer_characteristics=1:matrix_coefficients=1:video_full_range_flag=0",
        "-color_primaries:v", "bt709", "-color_trc:v", "bt709", "-colorspace:v", "bt709", "-color_range:v", "tv",
    ];

    /// <summary>
    /// The index (in the joined packet sequence) of each clip's priming frame, when the clips' audio can be joined by packet
    /// copy without a gap or drift; null when it must be decoded and encoded instead.
    /// </summary>
    /// <remarks>
    /// An AAC encoder starts with one frame (1024 samples) of priming that the MP4 edit list hides; copied into the middle of
    /// a track it plays as ~21 ms of silence. A clip qualifies when its audio holds exactly that one priming frame and then
    /// whole frames that span exactly its video (8 s at 48 kHz is 375 frames): dropping the priming frame then joins the clips sample-exactly (the frame
    /// after a cut is rebuilt from its own half of the overlap only, a fade-in of under 21 ms instead of silence).
    /// All clips must share the codec configuration, which a packet copy keeps from the first.
    /// </remarks>
    static List<long>? PrimingPacketIndexes(List<(string Clip, double Duration)> segments, Dictionary<string, MediaInfo> infoByPath)
    {
        const int AacFrameSamples = 1024;
        AudioStreamInfo? first = null;
        var indexes = new List<long>(segments.Count);
        long packetIndex = 0;
        foreach (var (clip, duration) in segments)
        {
            if (infoByPath[clip].Audio is not { Codec: "aac", Profile: "LC", DurationTicks: { } samples, PacketCount: { } packets, ExtradataHash: not null } audio
                || audio.TimeBase != string.Create(CultureInfo.InvariantCulture, $"1/{audio.SampleRate}"))
            {
                return null;
            }

            first ??= audio;
            if (audio.SampleRate != first.SampleRate
                || audio.Channels != first.Channels
                || audio.ChannelLayout != first.ChannelLayout
                || audio.ExtradataHash != first.ExtradataHash
                || audio.StreamIndex != first.StreamIndex)
            {
                return null;
            }

            // The content is the frames after the priming; the edit list that states its length is rounded to the movie
            // timescale (often 1 ms), so it may fall short of the last frame's end by that much, never more.
            var content = (packets - 1) * AacFrameSamples;
            if (packets < 2
                || Math.Abs(content - (duration * audio.SampleRate)) > 0.5
                || samples > content
                || content - samples > audio.SampleRate / 1000)
            {
                return null;
            }

            indexes.Add(packetIndex);
            packetIndex += packets;
        }

        return indexes;
    }

    /// <summary>Copies the clips' audio packets through the concat demuxer, dropping every clip's priming frame.</summary>
    static void AddSplicedClipAudio(List<string> args, List<long> primingIndexes)
    {
        // The noise filter's drop expression sees each packet's index n; clips of one length need one modulo, others a list.
        var step = primingIndexes.Count > 1 ? primingIndexes[1] : 0;
        var uniform = step > 0 && primingIndexes.Select((n, i) => n == i * step).All(x => x);
        var drop = uniform
            ? string.Create(CultureInfo.InvariantCulture, $"not(mod(n\\,{step}))")
            : string.Join('+', primingIndexes.Select(n => string.Create(CultureInfo.InvariantCulture, $"eq(n\\,{n})")));
        args.AddRange(["-map", "0:v:0", "-map", "0:a:0", "-c:a", "copy", "-bsf:a", "noise=drop=" + drop]);
    }

    /// <summary>Builds the audio track from every clip's own audio: decoded, cut or padded to its video's exact span, joined, encoded once.</summary>
    static void AddGaplessClipAudio(List<string> args, List<(string Clip, double Duration)> segments, Dictionary<string, MediaInfo> infoByPath)
    {
        // Stream-copied AAC would carry each clip's encoder priming and padding into the middle of the track (a ~20-40 ms
        // dip at every cut) and drift against the video; one decode and encode makes the joins sample-exact.
        const int Rate = 48000;
        var graph = new StringBuilder();
        long start = 0;
        double end = 0;
        var input = 1;
        for (var i = 0; i < segments.Count; i++)
        {
            var (clip, duration) = segments[i];
            end += duration;
            var stop = (long)Math.Round(end * Rate);
            var samples = Math.Max(0, stop - start);
            start = stop;
            var label = string.Create(CultureInfo.InvariantCulture, $"[a{i}]");
            if (infoByPath[clip].Audio is null)
            {
                graph.Append(CultureInfo.InvariantCulture, $"anullsrc=r={Rate}:cl=stereo,atrim=end_sample={samples}");
            }
            else
            {
                args.AddRange(["-i", clip]);
                // async fills holes in a clip's own timestamps; apad and atrim give the clip exactly its video's span.
                graph.Append(CultureInfo.InvariantCulture, $"[{input}:a:0]aresample={Rate}:async=1:first_pts=0,apad,atrim=end_sample={samples}");
                input++;
            }

            graph.Append(CultureInfo.InvariantCulture, $",aformat=sample_fmts=fltp:sample_rates={Rate}:channel_layouts=stereo{label};");
        }

        for (var i = 0; i < segments.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[a{i}]");
        }

        graph.Append(CultureInfo.InvariantCulture, $"concat=n={segments.Count}:v=0:a=1[aout]");
        args.AddRange(["-filter_complex", graph.ToString(), "-map", "0:v:0", "-map", "[aout]", "-c:a", "aac", "-b:a", "192k"]);
    }

    static double VideoDuration(MediaInfo info) =>
        info.Video?.DurationSeconds is { } d and > 0 ? d : info.DurationSeconds;

    static string NormaliseRate(string rational, double fps)
    {
        // 24/1 and 24000/1000 are the same rate; integer rates are written canonically.
        var rounded = Math.Round(fps);
        if (Math.Abs(fps - rounded) < 0.0005 && rounded > 0)
        {
            return $"{rounded.ToString(CultureInfo.InvariantCulture)}/1";
        }

        return rational is { Length: > 0 } && rational != "0/0" ? rational : fps.ToString("0.###", CultureInfo.InvariantCulture);
    }

    static int ParseTimescale(string timeBase)
    {
        var slash = timeBase.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && timeBase[..slash] == "1"
            && int.TryParse(timeBase.AsSpan(slash + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t)
            ? t
            : 0;
    }

    static int DefaultTimescale(string frameRate)
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

    static string QuoteConcatPath(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    static void TryDeleteDirectory(string path)
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
