using System.Globalization;
using System.Text.Json;

namespace MusicVideo.Core.Providers;

/// <summary>Reads a JSON price file named by a setting; every problem becomes a start-up error naming the variable and saying in words what is wrong.</summary>
static class PriceFiles
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads <paramref name="path"/> as a JSON object of prices per model.</summary>
    /// <param name="variable">The setting that named the file, for the message.</param>
    /// <param name="path">The file.</param>
    /// <param name="example">A short example of the expected content, for the message.</param>
    /// <param name="prices">The numbers of one entry, checked to be non-negative.</param>
    /// <exception cref="ProviderSettingsException">The file is missing, unreadable or not such an object.</exception>
    public static Dictionary<string, T> Read<T>(string variable, string path, string example, Func<T, IEnumerable<decimal?>> prices)
        where T : class
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ProviderSettingsException($"{variable} names '{path}', which does not exist; point it at a JSON file like {example}.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ProviderSettingsException($"{variable} names '{path}', which this process is not allowed to read; fix its permissions.");
        }
        catch (IOException)
        {
            throw new ProviderSettingsException($"{variable} names '{path}', which could not be read (a folder, or a disk error); point it at a JSON file like {example}.");
        }

        Dictionary<string, T?>? read;
        try
        {
            read = JsonSerializer.Deserialize<Dictionary<string, T?>>(text, Json);
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" (the problem is on line {line + 1}{(string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : ", at " + ex.Path)})")
                : string.Empty;
            throw new ProviderSettingsException(
                $"{variable} names '{path}', which is not a JSON object of prices per model like {example}{where}; prices are numbers in US dollars.");
        }

        if (read is null)
        {
            throw new ProviderSettingsException($"{variable} names '{path}', which holds null instead of a JSON object of prices per model like {example}.");
        }

        var result = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var (model, price) in read)
        {
            if (price is null)
            {
                throw new ProviderSettingsException($"{variable}: the price of '{model}' is null; give an object like {example}, or leave the model out.");
            }

            if (prices(price).Any(p => p < 0))
            {
                throw new ProviderSettingsException($"{variable}: the price of '{model}' has a negative number; prices are US dollars of zero or more.");
            }

            result[model] = price;
        }

        return result;
    }
}
