using System.Text.RegularExpressions;

namespace MusicVideo.Api.Management;

/// <summary>Checks instance ids supplied by callers, and cleans backend messages for clients.</summary>
public static partial class InstanceIds
{
    /// <summary>Returns an error message for an unusable instance id, or null when it is fine.</summary>
    public static string? Validate(string? instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId))
        {
            return "The instance id must not be empty.";
        }

        if (instanceId.Length > 256)
        {
            return "The instance id must be at most 256 characters.";
        }

        return instanceId.Any(c => char.IsControl(c) || c is '/' or '\\' or '?' or '#')
            ? "The instance id must not contain control characters, '/', '\\', '?' or '#'."
            : null;
    }

    /// <summary>Drops the "(Parameter 'x')" suffix that argument exceptions add, which names code, not the request.</summary>
    public static string Clean(string message) => ParameterSuffix().Replace(message, string.Empty);

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)$")]
    private static partial Regex ParameterSuffix();
}
