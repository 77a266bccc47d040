namespace MusicVideo.ProviderStandIns.Replicate;

/// <summary>One download of a <c>reference_images</c> URL the stand-in made, as Replicate does when a prediction starts.</summary>
/// <param name="PredictionId">The prediction whose input named the URL.</param>
/// <param name="Url">The URL.</param>
/// <param name="Status">The HTTP status of the answer (0 when the download failed without one).</param>
/// <param name="ContentType">The answer's content type.</param>
/// <param name="Bytes">The bytes received.</param>
public sealed record ReferenceFetch(string PredictionId, string Url, int Status, string? ContentType, byte[] Bytes);
