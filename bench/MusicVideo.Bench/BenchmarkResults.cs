using System.Globalization;
using System.Text.Json;

namespace MusicVideo.Bench;

/// <summary>Named figures of one benchmark run, printed as a table and written as JSON.</summary>
sealed class BenchmarkResults(string suite)
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    readonly List<(string Key, double Value, string Unit, string Note)> _rows = [];

    public void Add(string key, double value, string unit, string note = "") => _rows.Add((key, value, unit, note));

    public double this[string key] => _rows.First(r => r.Key == key).Value;

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"| {suite} benchmark | value | unit | note |");
        Console.WriteLine("|---|---:|---|---|");
        foreach (var (key, value, unit, note) in _rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {value:0.###} | {unit} | {note} |"));
        }
    }

    public void WriteJson(string path)
    {
        var document = new Dictionary<string, object>
        {
            ["suite"] = suite,
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["timestamp"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value, _, _) in _rows)
        {
            document[key] = Math.Round(value, 4);
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(document, Indented));
    }
}
