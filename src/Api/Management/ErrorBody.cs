namespace MusicVideo.Api.Management;

/// <summary>The one error shape of every HTTP API: a stable code, a message that says what to fix, optional details.</summary>
/// <param name="Error">A stable, machine-readable code (e.g. <c>not_found</c>, <c>invalid_argument</c>).</param>
/// <param name="Message">A sentence telling the caller what is wrong and how to fix it.</param>
/// <param name="Details">Optional structured details (e.g. the field that failed validation).</param>
public sealed record ErrorBody(string Error, string Message, object? Details = null);
