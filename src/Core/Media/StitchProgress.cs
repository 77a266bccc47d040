namespace MusicVideo.Core.Media;

/// <summary>A stitch progress report.</summary>
/// <param name="Stage">One of <c>probing</c>, <c>normalising</c>, <c>concatenating</c>, <c>done</c>.</param>
/// <param name="Fraction">Overall completion from 0 to 1.</param>
public sealed record StitchProgress(string Stage, double Fraction);
