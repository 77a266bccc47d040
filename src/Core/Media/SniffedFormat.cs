namespace MusicVideo.Core.Media;

/// <summary>A file format recognised from its leading bytes.</summary>
/// <param name="Name">A short format name, e.g. <c>png</c>, <c>mp3</c>, <c>mp4</c>.</param>
/// <param name="Extension">The file extension to store it under, without a dot.</param>
/// <param name="ContentType">The MIME type to serve it with.</param>
/// <param name="Category">What the format carries.</param>
public sealed record SniffedFormat(string Name, string Extension, string ContentType, MediaCategory Category);
