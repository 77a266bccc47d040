namespace MusicVideo.Core.Providers.Replicate;

/// <summary>How a character reference reaches a Replicate clip model (<c>REPLICATE_REFERENCE_DELIVERY</c>).</summary>
public static class ReferenceDelivery
{
    /// <summary>A fresh presigned (S3) or SAS (Blob) URL when the media store is in the cloud, else an upload (the default).</summary>
    public const string Auto = "auto";

    /// <summary>Always uploaded through Replicate's Files API (<c>POST /v1/files</c>).</summary>
    public const string Upload = "upload";

    /// <summary>Always a fresh presigned or SAS URL of our store, made when the prediction is created; needs a cloud media store.</summary>
    public const string Url = "url";

    /// <summary>The allowed values.</summary>
    public static IReadOnlyList<string> All { get; } = [Auto, Upload, Url];
}
