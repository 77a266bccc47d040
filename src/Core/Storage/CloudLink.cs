namespace MusicVideo.Core.Storage;

/// <summary>A time-limited direct URL to an artefact in cloud storage (presigned S3 URL or Blob SAS URL), made fresh on each read.</summary>
/// <param name="Url">The URL; fetching it needs no API key.</param>
/// <param name="ExpiresInSeconds">How long the URL stays valid from now.</param>
/// <param name="CloudPath">The object key inside the bucket or container (seed: <c>cloud_path</c>).</param>
public sealed record CloudLink(Uri Url, int ExpiresInSeconds, string CloudPath);
