using System.Text.Json;
using System.Text.Json.Nodes;
using MusicVideo.Api.Management;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Models;

namespace MusicVideo.Api.Workflow;

/// <summary>Checks a <c>MusicVideoJob</c> started through the management API with the same limits and messages as <c>POST /api/mv/jobs</c>.</summary>
public sealed class MusicVideoInputValidator : OrchestrationInputValidator
{
    /// <inheritdoc />
    public override string? Validate(string orchestrationName, JsonNode? input)
    {
        if (!string.Equals(orchestrationName, WorkflowNames.MusicVideoJob, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (input is not JsonObject)
        {
            return "The MusicVideoJob input must be a JSON object with at least idea and character_description.";
        }

        MusicVideoJobInput? job;
        try
        {
            job = input.Deserialize<MusicVideoJobInput>();
        }
        catch (JsonException ex)
        {
            string where = ex.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
            return $"The MusicVideoJob input is not valid{where}: check the field names and value types against the documented input.";
        }

        return job is null ? "The MusicVideoJob input must not be null." : JobInputValidator.Validate(job);
    }
}
