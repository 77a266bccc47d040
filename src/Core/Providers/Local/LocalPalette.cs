using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MusicVideo.Core.Providers.Local;

/// <summary>Deterministic colours derived from text and a seed, so renders are visibly tied to their prompt.</summary>
internal static class LocalPalette
{
    /// <summary>A 32-bit value from SHA-256 of the text (stable across processes).</summary>
    public static uint Hash(string text) => BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);

    /// <summary>An ffmpeg colour (<c>0xRRGGBB</c>) from hue (degrees), saturation and lightness (0..1).</summary>
    public static string Hsl(double hue, double saturation, double lightness)
    {
        hue = ((hue % 360) + 360) % 360;
        var c = (1 - Math.Abs((2 * lightness) - 1)) * saturation;
        var x = c * (1 - Math.Abs((hue / 60 % 2) - 1));
        var m = lightness - (c / 2);
        var (r, g, b) = hue switch
        {
            < 60 => (c, x, 0d),
            < 120 => (x, c, 0d),
            < 180 => (0d, c, x),
            < 240 => (0d, x, c),
            < 300 => (x, 0d, c),
            _ => (c, 0d, x),
        };
        return string.Create(CultureInfo.InvariantCulture, $"0x{ToByte(r + m):X2}{ToByte(g + m):X2}{ToByte(b + m):X2}");
    }

    static int ToByte(double v) => (int)Math.Round(Math.Clamp(v, 0, 1) * 255);
}
