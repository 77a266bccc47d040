namespace MusicVideo.Durable.AzureStorage;

/// <summary>An azure-storage backend setting is missing or invalid; the message names the variable and says what to set.</summary>
public sealed class AzureStorageSettingsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AzureStorageSettingsException()
    {
    }

    /// <summary>Creates the exception with a message that names the setting.</summary>
    public AzureStorageSettingsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public AzureStorageSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
