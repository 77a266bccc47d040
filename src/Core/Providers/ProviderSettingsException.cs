namespace MusicVideo.Core.Providers;

/// <summary>A provider setting is missing or invalid (a chosen provider without its key, an unknown provider name); the message names the variable.</summary>
public sealed class ProviderSettingsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProviderSettingsException()
    {
    }

    /// <summary>Creates the exception with a message that names the setting.</summary>
    public ProviderSettingsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public ProviderSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
