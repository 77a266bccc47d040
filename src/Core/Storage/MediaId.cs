namespace MusicVideo.Core.Storage;

/// <summary>Strict parsing of artefact ids: only the canonical 36-character UUID form, so no id can become a path.</summary>
public static class MediaId
{
    /// <summary>Parses a canonical UUID (<c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>, hex digits in either case); rejects braces, whitespace and anything else.</summary>
    public static bool TryParse(string? value, out Guid id)
    {
        id = Guid.Empty;
        if (value is not { Length: 36 })
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var ok = i is 8 or 13 or 18 or 23 ? c == '-' : char.IsAsciiHexDigit(c);
            if (!ok)
            {
                return false;
            }
        }

        return Guid.TryParseExact(value, "D", out id);
    }

    /// <summary>Parses a canonical UUID or throws an <see cref="ArgumentException"/> saying what is expected.</summary>
    public static Guid Parse(string? value, string parameterName = "id") =>
        TryParse(value, out var id)
            ? id
            : throw new ArgumentException($"'{value}' is not a valid id; expected a UUID like 3f2b8c1e-9a4d-4c2b-8f1e-2d3c4b5a6978.", parameterName);

    /// <summary>The canonical lowercase text of an id.</summary>
    public static string Format(Guid id) => id.ToString("D");
}
