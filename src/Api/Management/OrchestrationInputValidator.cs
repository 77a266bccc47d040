using System.Text.Json.Nodes;

namespace MusicVideo.Api.Management;

/// <summary>Checks the input of an orchestration started through the management API before it is scheduled.</summary>
/// <remarks>Registered by the product for its own orchestrations; orchestrations it does not know pass unchecked.</remarks>
public abstract class OrchestrationInputValidator
{
    /// <summary>Returns a message saying what to fix, or null when the input is acceptable (or not this validator's orchestration).</summary>
    public abstract string? Validate(string orchestrationName, JsonNode? input);
}
