using System.Globalization;
using MusicVideo.Core.Media;

namespace MusicVideo.Core.Providers.Local;

/// <summary>
/// Renders real PNG character references offline with ffmpeg: a gradient and a simple figure coloured from a hash of the
/// description, with the description drawn on; crash-safe idempotent jobs under <c>{WorkDirectory}/local-images/{jobId}/</c>.
/// </summary>
public sealed class LocalImageGenerator : ImageGenerator, IDisposable
{
    /// <summary>The model name recorded in metadata.</summary>
    public const string ModelName = "local-ffmpeg-image-v1";

    readonly LocalProviderOptions _options;
    readonly FfmpegRunner _runner;
    readonly LocalJobRunner<ImageRequest> _jobs;

    /// <summary>Creates the generator over the work folder of the options.</summary>
    public LocalImageGenerator(LocalProviderOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.WorkDirectory);
        _runner = new FfmpegRunner(options.Ffmpeg);
        _jobs = new LocalJobRunner<ImageRequest>(
            Path.Combine(options.WorkDirectory, "local-images"), "image", "output.png", options, r => r.CharacterDescription, RenderAsync);
    }

    /// <inheritdoc />
    public override string Name => "local";

    /// <inheritdoc />
    public override string Model => ModelName;

    /// <inheritdoc />
    public override TimeSpan PollInterval => TimeSpan.FromMilliseconds(100);

    /// <summary>The file with one line per actual render.</summary>
    public string RendersLogPath => _jobs.RendersLogPath;

    /// <summary>The pixel size for an aspect ratio: 1:1 → 1024×1024, 16:9 → 1344×768, 9:16 → 768×1344 (Imagen 4's sizes).</summary>
    public static (int Width, int Height) SizeFor(string aspectRatio) => AspectRatios.Validate(aspectRatio) switch
    {
        AspectRatios.Landscape => (1344, 768),
        AspectRatios.Portrait => (768, 1344),
        _ => (1024, 1024),
    };

    /// <inheritdoc />
    public override Task<ProviderJob> SubmitAsync(ImageRequest request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.CharacterDescription))
        {
            throw new ProviderException("character_description must not be blank.", ProviderErrorReason.Validation);
        }

        if (request.Index < 0)
        {
            throw new ProviderException("index must not be negative.", ProviderErrorReason.Validation);
        }

        AspectRatios.Validate(request.AspectRatio);
        return _jobs.SubmitAsync(request, idempotencyKey, cancellationToken);
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

    /// <summary>Stops background renders (their jobs restart on the next poll).</summary>
    public void Dispose() => _jobs.Dispose();

    async Task RenderAsync(ImageRequest request, string jobDirectory, string outputPath, CancellationToken cancellationToken)
    {
        var (w, h) = SizeFor(request.AspectRatio);
        // Like the seed, image i of a batch uses seed + i; without a seed the index alone separates batch members.
        var seed = (request.Seed ?? 0) + request.Index;
        var hash = LocalPalette.Hash(request.CharacterDescription);
        var hue = (double)(hash % 360);
        var variation = (uint)seed * 2654435761u;
        var bg0 = LocalPalette.Hsl(hue + (variation % 40), 0.35, 0.82);
        var bg1 = LocalPalette.Hsl(hue + 180 + (variation % 70), 0.45, 0.55);
        var outfit = LocalPalette.Hsl(hue + ((variation >> 8) % 90), 0.7, 0.42);
        var trousers = LocalPalette.Hsl(hue + 200, 0.35, 0.25);
        var skin = LocalPalette.Hsl(20 + (hash >> 9) % 20, 0.45, 0.45 + ((hash >> 17) % 30 / 100.0));
        var accent = LocalPalette.Hsl(hue + 90 + ((variation >> 16) % 120), 0.85, 0.55);
        var gradientSeed = (hash ^ variation) & 0x7FFFFFFF;

        var fontSize = Math.Max(16, w / 42);
        var textPath = Path.Combine(jobDirectory, "description.txt");
        var charsPerLine = (int)(w * 0.88 / (fontSize * 0.56));
        await File.WriteAllTextAsync(textPath, FilterText.Wrap(request.CharacterDescription, charsPerLine, 4), cancellationToken).ConfigureAwait(false);
        var labelPath = Path.Combine(jobDirectory, "label.txt");
        await File.WriteAllTextAsync(
            labelPath, string.Create(CultureInfo.InvariantCulture, $"Character reference #{request.Index + 1} - seed {seed}"), cancellationToken).ConfigureAwait(false);
        var font = File.Exists(_options.FontPath) ? "fontfile=" + FilterText.EscapeOptionValue(_options.FontPath) : "font=Sans";

        // A front-facing figure: legs, torso, arms as boxes and a round head glyph, centred and sized from the frame.
        var cx = w / 2;
        var unit = Math.Min(w, h) / 100.0;
        int U(double v) => (int)Math.Round(v * unit);
        var top = (h / 2) - U(38);
        var graph = string.Join(',',
            Inv($"scale={w}:{h}:flags=bicubic"),
            Inv($"drawbox=x={cx - U(9)}:y={top + U(48)}:w={U(7)}:h={U(28)}:color={trousers}:t=fill"),
            Inv($"drawbox=x={cx + U(2)}:y={top + U(48)}:w={U(7)}:h={U(28)}:color={trousers}:t=fill"),
            Inv($"drawbox=x={cx - U(11)}:y={top + U(20)}:w={U(22)}:h={U(30)}:color={outfit}:t=fill"),
            Inv($"drawbox=x={cx - U(17)}:y={top + U(21)}:w={U(6)}:h={U(24)}:color={outfit}:t=fill"),
            Inv($"drawbox=x={cx + U(11)}:y={top + U(21)}:w={U(6)}:h={U(24)}:color={outfit}:t=fill"),
            Inv($"drawbox=x={cx - U(11)}:y={top + U(30)}:w={U(22)}:h={U(3)}:color={accent}:t=fill"),
            Inv($"drawtext={font}:text=●:expansion=none:fontsize={U(26)}:fontcolor={skin}:x=(w-tw)/2:y={top - U(6)}"),
            Inv($"drawtext={font}:textfile={FilterText.EscapeOptionValue(labelPath)}:expansion=none:fontsize={fontSize}:fontcolor=black@0.8:x=(w-tw)/2:y={U(3)}"),
            Inv($"drawtext={font}:textfile={FilterText.EscapeOptionValue(textPath)}:expansion=none:fontsize={fontSize}:fontcolor=white:line_spacing={fontSize / 3}:box=1:boxcolor=black@0.55:boxborderw={fontSize / 2}:x=(w-tw)/2:y=h-th-{U(4)}"),
            "format=rgb24");

        var args = new List<string>
        {
            "-f", "lavfi", "-i",
            Inv($"gradients=s={w / 4}x{h / 4}:r=1:d=1:c0={bg0}:c1={bg1}:nb_colors=2:seed={gradientSeed}"),
            "-vf", graph,
            "-frames:v", "1", "-c:v", "png", "-f", "image2", outputPath,
        };
        await _runner.RunFfmpegAsync(args, null, null, cancellationToken).ConfigureAwait(false);
    }

    static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
