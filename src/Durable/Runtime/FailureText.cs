using System.Text.Json;
using System.Text.RegularExpressions;

namespace MusicVideo.Durable.Runtime;

/// <summary>Turns failures into words for status readers: no .NET type names, no parameter names.</summary>
static partial class FailureText
{
    /// <summary>The message a failed instance's output carries: the failure's own message, cleaned.</summary>
    public static string Describe(TaskFailureDetails failure) => Clean(failure.ErrorMessage);

    /// <summary>Records an exception as failure details; a <see cref="TaskFailedException"/> keeps the failure it carries as its inner failure.</summary>
    /// <remarks>That is the chain Microsoft's runtime builds (through DTFx), so <c>InnerFailure</c> names what failed below.</remarks>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException failed)
        {
            return new TaskFailureDetails(typeof(TaskFailedException).FullName!, failed.Message, failed.StackTrace, failed.FailureDetails, null);
        }

        return new TaskFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException),
            null);
    }

    /// <summary>Drops the "(Parameter 'x')" suffix ArgumentException appends to its message.</summary>
    public static string Clean(string message) => ParameterSuffix().Replace(message, string.Empty);

    /// <summary>Says why an input could not be read, naming the JSON position but not the .NET type it was read into.</summary>
    public static string UnreadableInput(string what, Exception error)
    {
        if (error is JsonException json)
        {
            string where = json.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
            return $"The input of {what} is not valid for it{where}: check the field names and value types against the documented input.";
        }

        return $"The input of {what} could not be read: {Clean(error.Message)}";
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)$")]
    private static partial Regex ParameterSuffix();
}
