using System.Diagnostics;
using System.Text;

namespace MusicVideo.Server.Hosting;

/// <summary>Logs one Information line per request with secrets in the query (api_key, tokens, signatures) redacted.</summary>
sealed class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    static readonly string[] SecretNames = ["api_key", "apikey", "key", "code", "token", "access_token", "sig", "signature", "x-api-key"];

    public async Task InvokeAsync(HttpContext http)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            await next(http);
            return;
        }

        long started = Stopwatch.GetTimestamp();
        string method = http.Request.Method;
        string target = http.Request.Path + RedactedQuery(http.Request.QueryString);
        try
        {
            await next(http);
        }
        finally
        {
            logger.LogInformation("HTTP {Method} {Target} responded {StatusCode} in {ElapsedMs:0.0} ms",
                method, target, http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>The query string with the values of secret-bearing parameters replaced by ***.</summary>
    internal static string RedactedQuery(QueryString query)
    {
        if (!query.HasValue)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (string part in query.Value!.TrimStart('?').Split('&'))
        {
            text.Append(text.Length == 0 ? '?' : '&');
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
            text.Append(eq >= 0 && SecretNames.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase) ? part[..eq] + "=***" : part);
        }

        return text.ToString();
    }
}
