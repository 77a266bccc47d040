using System.Globalization;
using System.Text;

namespace MusicVideo.Core.Providers.Scenes;

/// <summary>The seed's scene-writing prompts (<c>mv/templates/*_scene_prompt.yaml</c>) filled for one request, with the director injection.</summary>
/// <param name="SystemInstruction">The role of the model.</param>
/// <param name="UserPrompt">The filled template: inputs, rules, creative direction and output format.</param>
public sealed record SceneWritingPrompt(string SystemInstruction, string UserPrompt)
{
    /// <summary>The seed's <c>video_characteristics</c> of the music-video template.</summary>
    public const string MusicVideoCharacteristics = "cinematic, music video style, dramatic lighting, 4k";

    /// <summary>The seed's <c>camera_angle</c> of the music-video template.</summary>
    public const string MusicVideoCameraAngle = "dynamic - varies by scene";

    /// <summary>The seed's <c>video_characteristics</c> of the ad-creative template.</summary>
    public const string AdCreativeCharacteristics = "professional commercial, clean aesthetic, product-focused, 4k";

    /// <summary>The seed's <c>camera_angle</c> of the ad-creative template.</summary>
    public const string AdCreativeCameraAngle = "front - product showcase";

    /// <summary>Fills the template of the request's mode (music-video or ad-creative) for a checked request.</summary>
    public static SceneWritingPrompt For(CheckedScenePlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Mode == ScenePlanModes.AdCreative ? AdCreative(request) : MusicVideo(request);
    }

    /// <summary>The seed's director injection: the style's "Signature Style" line and the aspects it must shape; empty without a style.</summary>
    public static string DirectorStyleSection(DirectorStyle? style) => style is null
        ? string.Empty
        : "**CREATIVE DIRECTION - Director's Signature Style:**\n" + style.SignatureStyle + "\n\n" +
          "Ensure ALL generated scenes reflect this aesthetic in:\n" +
          "- Composition, framing and symmetry\n" +
          "- Colour palette and mood\n" +
          "- Camera movement and angles\n" +
          "- Lighting\n" +
          "- Overall cinematic feel\n";

    static SceneWritingPrompt MusicVideo(CheckedScenePlanRequest r)
    {
        var n = r.NumberOfScenes.ToString(CultureInfo.InvariantCulture);
        var d = Seconds(r.SceneDurationSeconds);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Create {n} distinct scene prompts for a music video about an artist/band.\n\n");
        AppendCoreInputs(
            sb,
            ("Video Concept", r.Idea),
            ("Artist/Band Personality", r.CharacterDescription),
            ("Visual Style", MusicVideoCharacteristics),
            ("Primary Camera", MusicVideoCameraAngle),
            ("Aspect ratio", r.AspectRatio));
        AppendRules(
            sb,
            $"Write exactly {n} scene prompts, no more and no fewer.",
            $"Each scene is about {d} seconds long: one clear action the video model can show in that time.",
            "The artist is consistent across scenes: describe the same face, hair, clothing and accessories in every prompt, using simple reproducible attributes (solid colours, text on clothing).",
            "Use vivid, specific visual language: subject, action, setting, light, colour and texture, not abstractions.",
            "Keep locations consistent: reuse one or two settings across the video unless the concept calls for a change.",
            "Vary the shot types from scene to scene (close-up, wide, tracking, low angle …).",
            "Reflect the visual style in every scene.",
            "Every prompt is self-contained and written in the third person: the video model sees one prompt at a time, so never refer to other scenes.");
        AppendDirection(sb, r.Style);
        AppendOutputFormat(sb, n, "a complete, self-contained video prompt for this scene");
        return new SceneWritingPrompt(
            "You are a cinematic video prompt writer for Google Veo 3. Veo generates short video clips with native audio " +
            "(ambience, sound effects, singing) from one text prompt, so each prompt describes exactly what is seen and heard.",
            sb.ToString());
    }

    static SceneWritingPrompt AdCreative(CheckedScenePlanRequest r)
    {
        var n = r.NumberOfScenes.ToString(CultureInfo.InvariantCulture);
        var d = Seconds(r.SceneDurationSeconds);
        var half = Seconds(Math.Floor(r.SceneDurationSeconds / 2)).PadLeft(2, '0');
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Create {n} scene prompts for a video commercial. Together the scenes tell one narrative arc with a beginning, a middle and an end.\n\n");
        AppendCoreInputs(
            sb,
            ("Ad Concept", r.Idea),
            ("Product/Character Description", r.CharacterDescription),
            ("Visual Style", AdCreativeCharacteristics),
            ("Primary Camera", AdCreativeCameraAngle),
            ("Scene length", $"about {d} seconds"));
        AppendRules(
            sb,
            $"Write exactly {n} scene prompts, no more and no fewer.",
            "CRITICAL - character continuity: the same characters, with the same clothing and mannerisms, in every scene.",
            "A change of location must be driven by the story and explained in the scene.",
            "The product appears in every scene.",
            "Each description is a YAML-like block with exactly these sections:\n" +
            "   metadata:\n" +
            $"     prompt_name, base_style, aspect_ratio: \"{r.AspectRatio}\", setting_description, camera_setup, key_elements: [...], action_sequences: [...], negative_prompts: [...]\n" +
            "   timeline:\n" +
            $"     - sequence: 1, timestamp: \"00:00-00:{half}\", action, audio\n" +
            $"     - sequence: 2, timestamp: \"00:{half}-00:{d.PadLeft(2, '0')}\", action, audio\n" +
            "   The whole block is sent to the video model as the prompt.");
        AppendDirection(sb, r.Style);
        AppendOutputFormat(sb, n, "the YAML-like metadata + timeline block of this scene");
        return new SceneWritingPrompt(
            "You are a commercial video prompt writer for Google Veo 3. Veo generates short video clips with native audio from one " +
            "text prompt; you write product-focused scenes that feel like one professional advertisement.",
            sb.ToString());
    }

    /// <summary>The template's "Core inputs" list, one "- label: value" line each.</summary>
    static void AppendCoreInputs(StringBuilder sb, params (string Label, string Value)[] inputs)
    {
        sb.Append("**Core inputs:**\n");
        foreach (var (label, value) in inputs)
        {
            sb.Append("- ").Append(label).Append(": ").Append(value).Append('\n');
        }

        sb.Append('\n');
    }

    /// <summary>The template's numbered "Rules" list.</summary>
    static void AppendRules(StringBuilder sb, params string[] rules)
    {
        sb.Append("**Rules:**\n");
        for (int i = 0; i < rules.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1}. {rules[i]}\n");
        }

        sb.Append('\n');
    }

    static void AppendDirection(StringBuilder sb, DirectorStyle? style)
    {
        if (style is not null)
        {
            sb.Append(DirectorStyleSection(style)).Append('\n');
        }
    }

    static void AppendOutputFormat(StringBuilder sb, string n, string descriptionMeaning)
    {
        sb.Append("**Output format:** JSON only, no prose and no code fences:\n");
        sb.Append("{\"scenes\": [{\"description\": \"...\", \"negative_description\": \"...\", \"shot_type\": \"...\", \"camera_movement\": \"...\"}]}\n");
        sb.Append(CultureInfo.InvariantCulture, $"- \"scenes\" has exactly {n} items, in playback order.\n");
        sb.Append(CultureInfo.InvariantCulture, $"- \"description\": {descriptionMeaning} (at most {Scene.MaxDescriptionLength} characters).\n");
        sb.Append(CultureInfo.InvariantCulture, $"- \"negative_description\": what the video model must avoid (at most {Scene.MaxNegativeDescriptionLength} characters).\n");
        sb.Append("- \"shot_type\": the framing, e.g. \"close-up\"; \"camera_movement\": e.g. \"slow dolly-in\".\n");
    }

    static string Seconds(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
