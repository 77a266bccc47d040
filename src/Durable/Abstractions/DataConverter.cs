namespace MusicVideo.Durable;

/// <summary>Serializes inputs, outputs, events and custom status to and from strings.</summary>
public abstract class DataConverter
{
    /// <summary>Serializes a value; null stays null.</summary>
    public abstract string? Serialize(object? value);

    /// <summary>Deserializes a value; null or empty text yields the default.</summary>
    public abstract object? Deserialize(string? data, Type targetType);

    /// <summary>Deserializes a value of type <typeparamref name="T"/>.</summary>
    public virtual T? Deserialize<T>(string? data) => (T?)this.Deserialize(data, typeof(T));
}
