using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Subx.Reports;

/// <summary>
/// Reads the fields a report needs from a JSON file Subx wrote, and names the file and the field
/// (as a path, e.g. `reward.total`) with what it expected and what it found when one is missing or
/// of the wrong kind.
/// </summary>
internal sealed class JsonFields(string file)
{
    /// <summary>The file the fields come from, for error messages.</summary>
    public string File { get; } = file;

    /// <summary>Parses <paramref name="text"/> as one JSON object.</summary>
    public JsonObject Parse(string text)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(text); }
        catch (JsonException e) { throw new SubxException($"{File}: expected JSON, found a syntax error: {e.Message}", e); }
        return node as JsonObject ?? throw SubxException.Bad(File, "(file)", "a JSON object", node is null ? "null" : node.GetValueKind().ToString());
    }

    /// <summary>The number at <paramref name="path"/> (dots between names) under <paramref name="root"/>.</summary>
    public double Number(JsonNode root, string path) =>
        NumberOrNull(root, path) ?? throw SubxException.Bad(File, path, "a number", Describe(At(root, path)));

    /// <summary>The number at <paramref name="path"/>, or null when the field is absent or null.</summary>
    public double? NumberOrNull(JsonNode root, string path)
    {
        var node = At(root, path);
        if (node is null) return null;
        return TryNumber(node, out double d) ? d : throw SubxException.Bad(File, path, "a number", Describe(node));
    }

    /// <summary>
    /// A JSON number, or one of the named literals Subx writes for values that are not finite
    /// (`"NaN"`, `"Infinity"`, `"-Infinity"`: an ROC-AUC with no true units, say).
    /// </summary>
    private static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v) return false;
        if (v.TryGetValue(out value)) return true;
        return v.TryGetValue<string>(out var s) && s is "NaN" or "Infinity" or "-Infinity" &&
               double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A node that must be a number; <paramref name="path"/> names it in the error.</summary>
    public double Value(JsonNode? node, string path) =>
        TryNumber(node, out double d) ? d : throw SubxException.Bad(File, path, "a number", Describe(node));

    /// <summary>The string at <paramref name="path"/>.</summary>
    public string Text(JsonNode root, string path) =>
        At(root, path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw SubxException.Bad(File, path, "a string", Describe(At(root, path)));

    /// <summary>The object at <paramref name="path"/>.</summary>
    public JsonObject Object(JsonNode root, string path) =>
        At(root, path) as JsonObject ?? throw SubxException.Bad(File, path, "an object", Describe(At(root, path)));

    /// <summary>The array at <paramref name="path"/>.</summary>
    public JsonArray Array(JsonNode root, string path) =>
        At(root, path) as JsonArray ?? throw SubxException.Bad(File, path, "an array", Describe(At(root, path)));

    /// <summary>The numbers of the array at <paramref name="path"/>.</summary>
    public double[] Numbers(JsonNode root, string path)
    {
        var array = Array(root, path);
        return [.. array.Select((n, i) => TryNumber(n, out double d) ? d
            : throw SubxException.Bad(File, $"{path}[{i}]", "a number", Describe(n)))];
    }

    /// <summary>The strings of the array at <paramref name="path"/>.</summary>
    public string[] Texts(JsonNode root, string path)
    {
        var array = Array(root, path);
        return [.. array.Select((n, i) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : throw SubxException.Bad(File, $"{path}[{i}]", "a string", Describe(n)))];
    }

    /// <summary>The node at a dotted path, or null when any step is absent.</summary>
    public static JsonNode? At(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var name in path.Split('.'))
            node = node is JsonObject o && o.TryGetPropertyValue(name, out var next) ? next : null;
        return node;
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonValue v when v.TryGetValue<string>(out var s) => $"the string '{s}'",
        JsonValue v => $"{v.GetValueKind().ToString().ToLowerInvariant()} {v.ToJsonString()}",
        JsonArray => "an array",
        JsonObject => "an object",
        _ => node.ToJsonString(),
    };

    /// <summary>A number for a table: three decimals, invariant culture.</summary>
    public static string F3(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
