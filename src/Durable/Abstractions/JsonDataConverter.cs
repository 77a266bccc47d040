using System.Text.Json;

namespace MusicVideo.Durable;

/// <summary>The default <see cref="DataConverter"/>: System.Text.Json with web defaults (camelCase, case-insensitive).</summary>
public sealed class JsonDataConverter : DataConverter
{
    /// <summary>Gets the shared default instance.</summary>
    public static JsonDataConverter Default { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    readonly JsonSerializerOptions _options;

    /// <summary>Initializes a new instance of the <see cref="JsonDataConverter"/> class.</summary>
    public JsonDataConverter(JsonSerializerOptions options) => _options = options;

    /// <inheritdoc />
    public override string? Serialize(object? value)
        => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), _options);

    /// <inheritdoc />
    public override object? Deserialize(string? data, Type targetType)
    {
        if (string.IsNullOrEmpty(data))
        {
            return targetType.IsValueType ? Activator.CreateInstance(targetType) : null;
        }

        return JsonSerializer.Deserialize(data, targetType, _options);
    }
}
