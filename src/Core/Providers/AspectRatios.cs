namespace MusicVideo.Core.Providers;

/// <summary>The aspect ratios the providers accept, as the seed spells them.</summary>
public static class AspectRatios
{
    /// <summary>Landscape 16:9.</summary>
    public const string Landscape = "16:9";

    /// <summary>Portrait 9:16.</summary>
    public const string Portrait = "9:16";

    /// <summary>Square 1:1.</summary>
    public const string Square = "1:1";

    /// <summary>Every accepted value.</summary>
    public static IReadOnlyList<string> All { get; } = [Landscape, Portrait, Square];

    /// <summary>True when the value is one of <see cref="All"/>.</summary>
    public static bool IsValid(string? value) => value is Landscape or Portrait or Square;

    /// <summary>Throws a validation <see cref="ProviderException"/> naming the allowed values when the value is not accepted.</summary>
    public static string Validate(string? value) =>
        IsValid(value)
            ? value!
            : throw new ProviderException(
                $"aspect_ratio '{value}' is not supported; use one of {string.Join(", ", All)}.", ProviderErrorReason.Validation);
}
