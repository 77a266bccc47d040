using System.Reflection;
using System.Text.Json;

namespace MusicVideo.Functions.Tests.Infrastructure;

/// <summary>The functions.metadata file the Functions worker SDK generated into src/Functions' build output (what the host indexes).</summary>
public sealed class FunctionsMetadata
{
    FunctionsMetadata(IReadOnlyList<FunctionEntry> functions) => this.Functions = functions;

    /// <summary>Every function the host would index.</summary>
    public IReadOnlyList<FunctionEntry> Functions { get; }

    /// <summary>The HTTP-triggered functions.</summary>
    public IEnumerable<FunctionEntry> HttpFunctions => this.Functions.Where(f => f.TriggerType == "httpTrigger");

    /// <summary>The build output folder of src/Functions (same configuration as this test assembly).</summary>
    public static string OutputDirectory =>
        typeof(FunctionsMetadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsOutput").Value!;

    /// <summary>Reads the generated file; a missing file fails with what to build.</summary>
    public static FunctionsMetadata Load()
    {
        string path = Path.Combine(OutputDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"Build src/Functions first: {path} is missing.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var functions = new List<FunctionEntry>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            functions.Add(new FunctionEntry(
                function.GetProperty("name").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                trigger.GetProperty("type").GetString()!,
                trigger.TryGetProperty("route", out var route) ? route.GetString() : null,
                trigger.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToArray() : [],
                trigger.TryGetProperty("authLevel", out var auth) ? auth.GetString() : null));
        }

        return new FunctionsMetadata(functions);
    }
}

/// <summary>One function of functions.metadata: its name, entry point (Type.Method) and trigger.</summary>
public sealed record FunctionEntry(string Name, string EntryPoint, string TriggerType, string? Route, IReadOnlyList<string> Methods, string? AuthLevel)
{
    /// <summary>The method the worker invokes.</summary>
    public MethodInfo ResolveMethod()
    {
        int dot = this.EntryPoint.LastIndexOf('.');
        var type = typeof(MusicVideo.Functions.Http.SeedFunctions).Assembly.GetType(this.EntryPoint[..dot], throwOnError: true)!;
        return type.GetMethod(this.EntryPoint[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{this.EntryPoint} not found.");
    }
}
