using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Subx.Cli.Common;

/// <summary>How the CLI writes JSON: indented, camelCase, enums by name, NaN as a string rather than an exception.</summary>
internal static class Json
{
    /// <summary>Options for every file the CLI writes.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // files, not HTML: keep `‖` and `·` readable
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>A config record as a JSON object, with the CLI's naming.</summary>
    public static JsonObject Node<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!.AsObject();

    /// <summary>Reads a JSON file, with errors naming the file.</summary>
    public static JsonNode Read(string path, string expected)
    {
        if (!File.Exists(path)) throw new SubxException($"{path}: file not found (expected {expected}).");
        try { return JsonNode.Parse(File.ReadAllText(path)) ?? throw new JsonException("the file holds `null`"); }
        catch (JsonException e) { throw SubxException.Bad(path, "(file)", "JSON", $"invalid JSON ({e.Message})"); }
    }
}
