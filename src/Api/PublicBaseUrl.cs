namespace MusicVideo.Api;

/// <summary>The configured external address of the server (<c>MV_PUBLIC_BASE_URL</c>); absolute links are built from it, never from the Host header.</summary>
/// <param name="Value">An absolute http(s) URL without a trailing slash, e.g. <c>https://mv.example.com</c>.</param>
public sealed record PublicBaseUrl(string Value)
{
    /// <summary>Parses a configured value; returns null with a message naming <paramref name="setting"/> when it is not an absolute http(s) URL.</summary>
    public static PublicBaseUrl? Parse(string? text, string setting, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = $"{setting} must be an absolute http or https URL without a query, such as https://mv.example.com; got '{text}'.";
            return null;
        }

        return new PublicBaseUrl(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
    }

    /// <summary>The base of absolute links for a request: the configured public URL, else the request's scheme, host and path base.</summary>
    public static string For(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.RequestServices.GetService<PublicBaseUrl>()?.Value
            ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
