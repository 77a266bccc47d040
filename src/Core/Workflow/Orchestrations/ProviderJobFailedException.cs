namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>A provider job ended Failed with an error that a new attempt may not hit.</summary>
public sealed class ProviderJobFailedException(string message) : Exception(message);
