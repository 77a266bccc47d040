namespace MusicVideo.Durable;

/// <summary>The outcome of a purge.</summary>
/// <param name="PurgedInstanceCount">How many instances were deleted.</param>
/// <param name="IsComplete">False when a time-bounded purge stopped before deleting everything that matched.</param>
public sealed record PurgeResult(int PurgedInstanceCount, bool IsComplete = true);
