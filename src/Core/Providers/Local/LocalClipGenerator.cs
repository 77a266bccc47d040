using System.Globalization;
using MusicVideo.Core.Media;

namespace MusicVideo.Core.Providers.Local;

/// <summary>
/// Renders real H.264/AAC MP4 clips offline with ffmpeg (moving gradient, the scene text, the moving reference image, a tone),
/// as crash-safe idempotent jobs under <c>{WorkDirectory}/local-clips/{jobId}/</c>.
/// </summary>
public sealed class LocalClipGenerator : ClipGenerator, IDisposable
{
    /// <summary>The model name recorded in metadata.</summary>
    public const string ModelName = "local-ffmpeg-clip-v1";

    /// <summary>Frames per second of every local clip (Veo's rate).</summary>
    public const int FramesPerSecond = 24;

    readonly LocalProviderOptions _options;
    readonly FfmpegRunner _runner;
    readonly LocalJobRunner<ClipRequest> _jobs;

    /// <summary>Creates the generator over the work folder of the options.</summary>
    public LocalClipGenerator(LocalProviderOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.WorkDirectory);
        _runner = new FfmpegRunner(options.Ffmpeg);
        _jobs = new LocalJobRunner<ClipRequest>(
            Path.Combine(options.WorkDirectory, "local-clips"), "clip", "output.mp4", options, r => r.Prompt, RenderAsync);
    }

    /// <inheritdoc />
    public override string Name => "local";

    /// <inheritdoc />
    public override string Model => ModelName;

    /// <inheritdoc />
    public override TimeSpan PollInterval => TimeSpan.FromMilliseconds(100);

    /// <summary>The file with one line per actual render (for tests and crash checks).</summary>
    public string RendersLogPath => _jobs.RendersLogPath;

    /// <summary>The folder holding the job folders.</summary>
    public string JobsDirectory => _jobs.Root;

    /// <summary>The pixel size of a clip for an aspect ratio: 16:9 → 1280×720, 9:16 → 720×1280, 1:1 → 720×720.</summary>
    public static (int Width, int Height) SizeFor(string aspectRatio) => AspectRatios.Validate(aspectRatio) switch
    {
        AspectRatios.Portrait => (720, 1280),
        AspectRatios.Square => (720, 720),
        _ => (1280, 720),
    };

    /// <inheritdoc />
    public override Task<ProviderJob> SubmitAsync(ClipRequest request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var normalised = request with
        {
            // Store an absolute reference path so a restarted host renders the same thing.
            ReferenceImagePath = request.ReferenceImagePath is null ? null : Path.GetFullPath(request.ReferenceImagePath),
        };
        return _jobs.SubmitAsync(normalised, idempotencyKey, cancellationToken);
    }

    /// <inheritdoc />
    public override Task<ProviderJobStatus> PollAsync(string jobId, CancellationToken cancellationToken = default) =>
        _jobs.PollAsync(jobId, cancellationToken);

    /// <inheritdoc />
    public override Task FetchAsync(string jobId, string destinationPath, CancellationToken cancellationToken = default) =>
        _jobs.FetchAsync(jobId, destinationPath, cancellationToken);

    /// <inheritdoc />
    public override Task CancelAsync(IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken = default) =>
        _jobs.CancelAsync(idempotencyKeys, cancellationToken);

    /// <inheritdoc />
    public override Task DeleteJobAsync(string jobId, CancellationToken cancellationToken = default) => _jobs.DeleteAsync(jobId);

    /// <summary>Stops background renders (their jobs restart on the next poll, as after a crash).</summary>
    public void Dispose() => _jobs.Dispose();

    static void Validate(ClipRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ProviderException("prompt must not be blank.", ProviderErrorReason.Validation);
        }

        if (!ClipRequest.AllowedDurations.Contains(request.DurationSeconds))
        {
            throw new ProviderException(
                $"duration {request.DurationSeconds} s is not supported; use one of {string.Join(", ", ClipRequest.AllowedDurations)} seconds.",
                ProviderErrorReason.Validation);
        }

        AspectRatios.Validate(request.AspectRatio);
        if (request.ReferenceImagePath is { } reference && !File.Exists(reference))
        {
            throw new ProviderException($"Reference image '{reference}' does not exist.", ProviderErrorReason.Validation);
        }
    }

    async Task RenderAsync(ClipRequest request, string jobDirectory, string outputPath, CancellationToken cancellationToken)
    {
        var (w, h) = SizeFor(request.AspectRatio);
        var d = request.DurationSeconds.ToString(CultureInfo.InvariantCulture);
        var seed = request.Seed ?? 0;
        var hash = LocalPalette.Hash(request.Prompt);
        var hue = (hash % 360) + (seed * 47 % 360);
        var c0 = LocalPalette.Hsl(hue, 0.65, 0.25);
        var c1 = LocalPalette.Hsl(hue + 120, 0.7, 0.45);
        var c2 = LocalPalette.Hsl(hue + 230, 0.6, 0.35);
        var gradientSeed = (hash ^ (uint)seed) & 0x7FFFFFFF;

        var textPath = Path.Combine(jobDirectory, "scene.txt");
        var fontSize = Math.Max(18, h / 28);
        var charsPerLine = (int)(w * 0.86 / (fontSize * 0.56));
        await File.WriteAllTextAsync(textPath, FilterText.Wrap(request.Prompt, charsPerLine, 6), cancellationToken).ConfigureAwait(false);
        var font = FontOption();

        var args = new List<string>
        {
            // The gradient is rendered at quarter size and scaled up: it is smooth, and this keeps rendering far above real time.
            "-f", "lavfi", "-i",
            Inv($"gradients=s={w / 4}x{h / 4}:r={FramesPerSecond}:d={d}:c0={c0}:c1={c1}:c2={c2}:nb_colors=3:speed=0.03:seed={gradientSeed}"),
            "-f", "lavfi", "-i",
            Inv($"aevalsrc=0.12*sin(2*PI*{110 + (hash % 220)}*t)*(0.6+0.4*sin(2*PI*2*t))|0.12*sin(2*PI*{165 + (hash % 330)}*t)*(0.6+0.4*sin(2*PI*2*t)):s=48000:d={d}"),
        };
        var graph = Inv($"[0:v]scale={w}:{h}:flags=bilinear,setsar=1[bg];");
        var current = "bg";
        if (request.ReferenceImagePath is { } reference)
        {
            args.AddRange(["-i", reference]);
            var refHeight = (int)(h * 0.42) & ~1;
            // A single still input is repeated by overlay (eof_action=repeat); its position follows t so it visibly moves.
            graph += Inv($"[2:v]scale=-2:{refHeight}[ref];[bg][ref]overlay=x='(W-w)/2+(W-w)/3*sin(t*0.9)':y='H*0.08+H*0.03*sin(t*1.7)':eof_action=repeat[withref];");
            current = "withref";
        }

        var textFile = FilterText.EscapeOptionValue(textPath);
        graph += Inv($"[{current}]drawtext={font}:textfile={textFile}:expansion=none:fontsize={fontSize}:fontcolor=white:line_spacing={fontSize / 3}:box=1:boxcolor=black@0.55:boxborderw={fontSize / 2}:x=(w-tw)/2:y=h-th-{h / 14},");
        graph += Inv($"drawtext={font}:text=●:expansion=none:fontsize={h / 9}:fontcolor={LocalPalette.Hsl(hue + 60, 0.9, 0.65)}:x='w*0.06+(w*0.88-tw)*(0.5+0.5*sin(t*1.3))':y='h*0.52+h*0.06*cos(t*2.1)',");
        // Encoded exactly as the stitcher re-encodes foreign clips (ClipEncoding), so a mixed cut still copies these.
        graph += $"format={ClipEncoding.PixelFormat},{ClipEncoding.Bt709Tags}[v]";

        args.AddRange(["-filter_complex", graph, "-map", "[v]", "-map", "1:a"]);
        args.AddRange(["-r", FramesPerSecond.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(ClipEncoding.VideoArguments(FramesPerSecond));
        _runner.AddThreads(args);
        args.AddRange([
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
            "-t", d, "-video_track_timescale", (FramesPerSecond * 512).ToString(CultureInfo.InvariantCulture),
            "-movflags", "+faststart", "-f", "mp4", outputPath,
        ]);
        await _runner.RunFfmpegAsync(args, TimeSpan.FromSeconds(request.DurationSeconds), null, cancellationToken).ConfigureAwait(false);
    }

    string FontOption() =>
        File.Exists(_options.FontPath) ? "fontfile=" + FilterText.EscapeOptionValue(_options.FontPath) : "font=Sans";

    static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
