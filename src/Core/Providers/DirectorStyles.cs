namespace MusicVideo.Core.Providers;

/// <summary>The nine director style configs of the seed (<c>mv/director/configs/*.yaml</c>), served by <c>get_director_configs</c>.</summary>
public static class DirectorStyles
{
    /// <summary>Every style, sorted by id like the seed's endpoint.</summary>
    public static IReadOnlyList<DirectorStyle> All { get; } =
    [
        new(
            "David-Lynch", "David Lynch",
            "surreal dreamlike atmosphere, unsettling stillness, deep reds and velvet shadows, flickering practical lights, slow ominous zooms, uncanny suburban Americana",
            ["slow ominous push-in", "static locked-off frame", "creeping dolly along a corridor"],
            "low-key practical lamps with flicker, pools of light in darkness", "saturated reds against crushed blacks", "uneasy, hypnotic",
            ["bright cheerful lighting", "fast cuts", "flat sitcom framing"]),
        new(
            "Hype-Williams", "Hype Williams",
            "glossy high-contrast hip-hop aesthetic, fisheye lenses, bold monochrome colour washes, wide-angle low shots, luxurious futurism, slow-motion swagger",
            ["fisheye low-angle orbit", "slow-motion dolly", "sweeping crane reveal"],
            "hard coloured key lights with glossy specular highlights", "bold single-colour washes, deep blacks", "larger-than-life, confident",
            ["muted desaturated palette", "handheld shaky footage", "dull flat lighting"]),
        new(
            "Mark-Romanek", "Mark Romanek",
            "pristine high-fashion minimalism, clinical white or stark black sets, precise symmetrical compositions, controlled surreal tableaux, polished art-gallery lighting",
            ["precise lateral track", "static symmetrical frame", "measured slow push-in"],
            "soft even high-key studio light, sculpted edges", "clean neutral tones with one accent colour", "cool, precise, enigmatic",
            ["cluttered backgrounds", "messy handheld framing", "lens flares"]),
        new(
            "Michel-Gondry", "Michel Gondry",
            "handmade in-camera magic, cardboard and craft textures, playful looping visual tricks, dreamlike scale shifts, whimsical stop-motion feel",
            ["continuous one-take handheld", "in-camera looping pan", "playful whip pan"],
            "warm natural daylight with homemade practicals", "warm pastel and craft-paper tones", "whimsical, nostalgic, inventive",
            ["glossy CGI look", "cold clinical lighting", "photorealistic sterile sets"]),
        new(
            "Product-Reveal-Commercial", "Product Reveal Commercial",
            "premium product showcase, clean seamless backgrounds, slow orbiting hero shots, crisp rim lighting, macro detail close-ups, elegant reveal timing",
            ["slow 180-degree orbit", "macro slide across details", "smooth push-in reveal"],
            "crisp rim light with soft key, controlled reflections", "clean neutral whites with brand-colour accents", "aspirational, polished",
            ["cluttered set", "fingerprints or dust on the product", "harsh uncontrolled reflections"]),
        new(
            "Quentin-Tarantino", "Quentin Tarantino",
            "bold pulp-cinema style, low trunk-shot angles, long tracking takes, saturated retro colours, crash zooms, 70s grindhouse film grain",
            ["long tracking shot", "crash zoom", "low trunk-shot angle"],
            "hard warm sunlight and neon interiors", "saturated retro colours with film grain", "cool, tense, stylised",
            ["modern digital sheen", "pastel palette", "static talking-head framing"]),
        new(
            "Spike-Jonze", "Spike Jonze",
            "intimate handheld naturalism, warm golden-hour light, everyday locations turned absurd, deadpan emotional sincerity, documentary-style immediacy",
            ["intimate handheld follow", "loose documentary pan", "gentle drifting steadicam"],
            "warm golden-hour natural light", "soft warm tones, gentle pastels", "sincere, quirky, tender",
            ["glossy commercial polish", "rigid symmetrical staging", "heavy visual effects"]),
        new(
            "Tim-Burton", "Tim Burton",
            "gothic whimsical fantasy, twisted spirals and crooked architecture, pale faces with dark-ringed eyes, stark black-and-white stripes, moonlit blue fog",
            ["swooping crane through crooked sets", "slow creeping dolly", "tilted dutch-angle push"],
            "cold moonlight with warm candle accents, thick fog", "desaturated blues and greys with pops of red", "macabre, playful, melancholic",
            ["bright sunny realism", "modern minimalist sets", "saturated tropical colours"]),
        new(
            "Wes-Anderson", "Wes Anderson",
            "perfectly symmetrical centred compositions, pastel colour palettes, flat frontal staging, whip pans and lateral dolly moves, meticulous miniature-like production design",
            ["lateral dolly", "whip pan", "static centred frame"],
            "soft even diffused light", "pastel pinks, yellows and mint greens", "deadpan, nostalgic, whimsical",
            ["handheld shaky camera", "asymmetrical framing", "gritty desaturated look"]),
    ];

    /// <summary>The style ids in sorted order, as <c>get_director_configs</c> returns them.</summary>
    public static IReadOnlyList<string> Ids { get; } = All.Select(s => s.Id).ToArray();

    /// <summary>Finds a style by id, ignoring case and treating spaces like hyphens.</summary>
    public static bool TryGet(string? id, out DirectorStyle style)
    {
        var wanted = id?.Trim().Replace(' ', '-');
        foreach (var s in All)
        {
            if (string.Equals(s.Id, wanted, StringComparison.OrdinalIgnoreCase))
            {
                style = s;
                return true;
            }
        }

        style = null!;
        return false;
    }

    /// <summary>Returns the style or throws an <see cref="ArgumentException"/> naming the allowed ids.</summary>
    public static DirectorStyle Get(string? id, string parameterName = "director_style") =>
        TryGet(id, out var style)
            ? style
            : throw new ArgumentException($"Unknown director style '{id}'. Allowed values: {string.Join(", ", Ids)}.", parameterName);
}
