namespace MusicVideo.Core.Storage;

/// <summary>A media storage setting is missing or invalid; the message names the variable and says what to set.</summary>
public sealed class MediaStorageSettingsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MediaStorageSettingsException()
    {
    }

    /// <summary>Creates the exception with a message that names the setting.</summary>
    public MediaStorageSettingsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public MediaStorageSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
