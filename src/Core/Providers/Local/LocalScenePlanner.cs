using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MusicVideo.Core.Providers.Scenes;

namespace MusicVideo.Core.Providers.Local;

/// <summary>Writes well-formed, distinct scenes offline from templates; the same request and seed always give the same plan.</summary>
public sealed class LocalScenePlanner : ScenePlanner
{
    /// <summary>The model name recorded in metadata.</summary>
    public const string ModelName = "local-template-v1";

    static readonly string[] ShotTypes =
    [
        "extreme wide shot", "wide shot", "medium shot", "medium close-up", "close-up",
        "low-angle shot", "over-the-shoulder shot", "tracking shot", "aerial shot", "high-angle shot",
    ];

    static readonly string[] Movements =
    [
        "slow dolly-in", "smooth lateral track", "gentle handheld drift", "slow crane up", "steady orbit around the subject",
        "locked-off static frame", "slow pull-back", "low glide along the ground",
    ];

    static readonly string[] PerformanceActions =
    [
        "singing the opening verse straight into the lens",
        "walking slowly toward the camera while mouthing the lyrics",
        "dancing alone with loose, rhythmic steps",
        "playing an electric guitar with eyes closed",
        "leaning against a wall and gazing into the distance between lines",
        "spinning in place as the lights pulse to the beat",
        "performing the chorus with both arms raised",
        "sitting on the edge of a stage and singing softly",
        "running through the space as the music builds",
        "belting the bridge into a vintage microphone",
        "turning sharply to face the camera as the beat drops",
        "standing perfectly still while the world blurs around them",
    ];

    static readonly string[] Locations =
    [
        "a rain-soaked neon city street", "an empty rooftop above the skyline", "an abandoned warehouse with tall broken windows",
        "a desert highway under a vast sky", "an empty theatre stage with red velvet seats", "a misty forest clearing",
        "a wooden seaside pier", "a retro roller-skating rink",
    ];

    static readonly string[] Moments =
    [
        "at blue hour with the first streetlights flickering on", "under hard midday sun", "at golden hour with long shadows",
        "at night lit by coloured practical lights", "in drifting haze with shafts of light", "just after rain, surfaces glistening",
    ];

    static readonly string[] AdPhases = ["Opening", "Build", "Turn", "Reveal", "Closing"];

    const string BaseNegative =
        "blurry, low quality, distorted face, extra limbs, deformed hands, inconsistent character appearance, " +
        "different clothing than described, subtitles, on-screen text, watermark, logo artefacts";

    /// <inheritdoc />
    public override string Name => "local";

    /// <inheritdoc />
    public override Task<ScenePlan> PlanScenesAsync(ScenePlanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        // The same checks and messages as every scene planner.
        var (idea, character, count, mode, style, _, _) = CheckedScenePlanRequest.From(request);
        var seed = request.Seed ?? StableSeed(mode + "\n" + idea + "\n" + character + "\n" + style?.Id);
        var random = new Random(seed);
        var shots = PickDistinctSequence(ShotTypes, count, random);
        var movements = style is null ? Movements : [.. style.CameraMovements, .. Movements];
        var location = Locations[random.Next(Locations.Length)];
        var secondLocation = Locations[random.Next(Locations.Length)];
        var actions = PickDistinctSequence(PerformanceActions, count, random);
        var negative = BuildNegative(style);

        var scenes = new List<Scene>(count);
        for (var i = 0; i < count; i++)
        {
            var movement = movements[random.Next(movements.Length)];
            var moment = Moments[random.Next(Moments.Length)];
            var description = mode == ScenePlanModes.MusicVideo
                ? MusicVideoScene(i, count, idea, character, shots[i], movement, i < (count + 1) / 2 || count < 3 ? location : secondLocation, moment, actions[i], style)
                : AdCreativeScene(i, count, idea, character, shots[i], movement, location, moment, style, request.AspectRatio, request.SceneDurationSeconds);
            scenes.Add(new Scene(i + 1, Truncate(description, Scene.MaxDescriptionLength), negative, shots[i], movement, request.SceneDurationSeconds));
        }

        return Task.FromResult(new ScenePlan(scenes, mode, style?.Id, Name, ModelName));
    }

    static string MusicVideoScene(
        int index, int count, string idea, string character, string shot, string movement, string location, string moment,
        string action, DirectorStyle? style)
    {
        var sb = new StringBuilder();
        string article = "aeiou".Contains(char.ToLowerInvariant(shot[0]), StringComparison.Ordinal) ? "An" : "A";
        sb.Append(CultureInfo.InvariantCulture, $"Scene {index + 1} of {count}. {article} {shot} of {character}, who is {action}. ");
        sb.Append(CultureInfo.InvariantCulture, $"The setting is {location} {moment}, in a music video about: {Clip(idea, 600)}. ");
        sb.Append(CultureInfo.InvariantCulture, $"The camera moves with a {movement}, keeping the {shot} framing. ");
        sb.Append("Visual style: cinematic, music video style, dramatic lighting, 4k. ");
        AppendDirection(sb, style);
        sb.Append("The artist looks exactly as described above in every scene: same face, hair, clothing and accessories. ");
        sb.Append("No subtitles, captions or on-screen text.");
        return sb.ToString();
    }

    static string AdCreativeScene(
        int index, int count, string idea, string character, string shot, string movement, string location, string moment,
        DirectorStyle? style, string aspectRatio, double duration)
    {
        // The seed's ad-creative template asks for a YAML-like metadata + timeline block per scene; we keep that shape.
        var phase = count == 1 ? "Reveal" : AdPhases[(int)Math.Round(index * (AdPhases.Length - 1) / (double)(count - 1))];
        var half = (duration / 2).ToString("00", CultureInfo.InvariantCulture);
        var end = duration.ToString("00", CultureInfo.InvariantCulture);
        var action = phase switch
        {
            "Opening" => $"{character} faces an everyday moment that the product will change",
            "Build" => $"{character} discovers the product and tries it for the first time",
            "Turn" => $"{character} uses the product with growing confidence",
            "Reveal" => $"the product is revealed in full while {character} reacts with delight",
            _ => $"{character} holds the product toward the camera in a confident closing pose",
        };
        var sb = new StringBuilder();
        sb.Append("metadata:\n");
        sb.Append(CultureInfo.InvariantCulture, $"  prompt_name: \"Scene {index + 1} of {count} - {phase}\"\n");
        sb.Append("  base_style: \"professional commercial, clean aesthetic, product-focused, 4k");
        if (style is not null)
        {
            sb.Append(", ").Append(style.SignatureStyle);
        }

        sb.Append("\"\n");
        sb.Append(CultureInfo.InvariantCulture, $"  aspect_ratio: \"{aspectRatio}\"\n");
        sb.Append(CultureInfo.InvariantCulture, $"  setting_description: \"{location} {moment}; the story of the ad: {Clip(idea, 600)}\"\n");
        sb.Append(CultureInfo.InvariantCulture, $"  camera_setup: \"{shot}, {movement}\"\n");
        sb.Append(CultureInfo.InvariantCulture, $"  key_elements: [\"the product from the idea, clearly visible\", \"{character}\", \"the same clothing and look in every scene\"]\n");
        sb.Append(CultureInfo.InvariantCulture, $"  action_sequences: [\"{action}\"]\n");
        sb.Append("  negative_prompts: [\"subtitles\", \"on-screen text\", \"inconsistent character\"]\n");
        if (style is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  creative_direction: \"{style.Name}: lighting {style.Lighting}; colour grading {style.ColorGrading}; mood {style.Mood}\"\n");
        }

        sb.Append("timeline:\n");
        sb.Append(CultureInfo.InvariantCulture, $"  - sequence: 1\n    timestamp: \"00:00-00:{half}\"\n    action: \"{action}\"\n    audio: \"upbeat brand music, soft ambience\"\n");
        sb.Append(CultureInfo.InvariantCulture, $"  - sequence: 2\n    timestamp: \"00:{half}-00:{end}\"\n    action: \"the camera settles on the product and {character}\"\n    audio: \"music swells\"\n");
        return sb.ToString();
    }

    static void AppendDirection(StringBuilder sb, DirectorStyle? style)
    {
        if (style is null)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"Creative direction in the signature style of {style.Name}: {style.SignatureStyle}. ");
        sb.Append(CultureInfo.InvariantCulture, $"Lighting: {style.Lighting}. Colour grading: {style.ColorGrading}. Mood: {style.Mood}. ");
    }

    static string BuildNegative(DirectorStyle? style)
    {
        var negative = style is null ? BaseNegative : BaseNegative + ", " + string.Join(", ", style.NegativePrompts);
        return Truncate(negative, Scene.MaxNegativeDescriptionLength);
    }

    // Distinct items while the pool lasts; beyond that, repeat without two equal neighbours.
    static string[] PickDistinctSequence(string[] pool, int count, Random random)
    {
        var result = new List<string>(count);
        while (result.Count < count)
        {
            var shuffled = pool.ToArray();
            random.Shuffle(shuffled);
            if (result.Count > 0 && shuffled[0] == result[^1])
            {
                (shuffled[0], shuffled[^1]) = (shuffled[^1], shuffled[0]);
            }

            result.AddRange(shuffled.Take(count - result.Count));
        }

        return [.. result];
    }

    static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>A seed derived from text with SHA-256, stable across processes (string.GetHashCode is randomised per process).</summary>
    internal static int StableSeed(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return BitConverter.ToInt32(hash, 0) & int.MaxValue;
    }
}
