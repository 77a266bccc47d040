namespace MusicVideo.Server.Hosting;

/// <summary>A start-up problem the operator fixes (a bad setting, a data folder in use); the CLI prints only its message.</summary>
sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
