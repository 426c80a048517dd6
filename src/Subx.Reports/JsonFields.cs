using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Subx.Reports;

/// <summary>
/// Reads the fields a report needs from a JSON file Subx wrote, and names the file and the field
/// (as a path from the file's root, e.g. `reward.total` or `tasks[1].extractors[2].auc`) with what it
/// expected and what it found when one is missing or of the wrong kind.
/// </summary>
/// <param name="file">The file, as errors name it (e.g. `run/metrics.jsonl, line 3`).</param>
/// <param name="prefix">Where the nodes read through this reader sit in the file (empty: its root).</param>
internal sealed class JsonFields(string file, string prefix = "")
{
    /// <summary>The file the fields come from, for error messages.</summary>
    public string File { get; } = file;

    /// <summary>A reader of the node at <paramref name="path"/> below this one's: its errors name fields from the file's root.</summary>
    public JsonFields Under(string path) => new(File, Name(path));

    /// <summary>Parses <paramref name="text"/> as one JSON object.</summary>
    public JsonObject Parse(string text)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(text); }
        catch (JsonException e) { throw new SubxException($"{File}: expected JSON, found a syntax error: {e.Message}", e); }
        return node as JsonObject ?? throw SubxException.Bad(File, "(file)", "a JSON object", Describe(node));
    }

    /// <summary>The node at <paramref name="path"/> as an object.</summary>
    public JsonObject Object(JsonNode? node, string path) =>
        node as JsonObject ?? throw SubxException.Bad(File, Name(path), "an object", Describe(node));

    /// <summary>The number at <paramref name="path"/> (dots between names) under <paramref name="root"/>.</summary>
    public double Number(JsonNode root, string path) =>
        NumberOrNull(root, path) ?? throw SubxException.Bad(File, Name(path), "a number", Describe(At(root, path)));

    /// <summary>The number at <paramref name="path"/>, or null when the field is absent or null.</summary>
    public double? NumberOrNull(JsonNode root, string path)
    {
        var node = At(root, path);
        if (node is null) return null;
        return TryNumber(node, out double d) ? d : throw SubxException.Bad(File, Name(path), "a number", Describe(node));
    }

    /// <summary>A node that must be a number; <paramref name="path"/> names it in the error.</summary>
    public double Value(JsonNode? node, string path) =>
        TryNumber(node, out double d) ? d : throw SubxException.Bad(File, Name(path), "a number", Describe(node));

    /// <summary>The string at <paramref name="path"/>.</summary>
    public string Text(JsonNode root, string path) =>
        At(root, path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw SubxException.Bad(File, Name(path), "a string", Describe(At(root, path)));

    /// <summary>The object at <paramref name="path"/> under <paramref name="root"/>.</summary>
    public JsonObject ObjectAt(JsonNode root, string path) => Object(At(root, path), path);

    /// <summary>The array at <paramref name="path"/>.</summary>
    public JsonArray Array(JsonNode root, string path) =>
        At(root, path) as JsonArray ?? throw SubxException.Bad(File, Name(path), "an array", Describe(At(root, path)));

    /// <summary>The objects of the array at <paramref name="path"/>, each with a reader that names its fields from the file's root.</summary>
    public IReadOnlyList<(JsonObject Node, JsonFields Fields)> Objects(JsonNode root, string path) =>
        [.. Array(root, path).Select((n, i) => (Under($"{path}[{i}]").Object(n, ""), Under($"{path}[{i}]")))];

    /// <summary>The numbers of the array at <paramref name="path"/>.</summary>
    public double[] Numbers(JsonNode root, string path) =>
        [.. Array(root, path).Select((n, i) => Value(n, $"{path}[{i}]"))];

    /// <summary>The strings of the array at <paramref name="path"/>.</summary>
    public string[] Texts(JsonNode root, string path) =>
        [.. Array(root, path).Select((n, i) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : throw SubxException.Bad(File, Name($"{path}[{i}]"), "a string", Describe(n)))];

    /// <summary>The node at a dotted path, or null when any step is absent.</summary>
    public static JsonNode? At(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var name in path.Split('.'))
            node = node is JsonObject o && o.TryGetPropertyValue(name, out var next) ? next : null;
        return node;
    }

    /// <summary>A number for a table: three decimals, invariant culture.</summary>
    public static string F3(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>A field's path from the file's root.</summary>
    private string Name(string path) => prefix.Length == 0 ? (path.Length == 0 ? "(file)" : path) : path.Length == 0 ? prefix : path.StartsWith('[') ? prefix + path : $"{prefix}.{path}";

    /// <summary>
    /// A JSON number, or one of the named literals Subx writes for values that are not finite
    /// (`"NaN"`, `"Infinity"`, `"-Infinity"`: JSON has no number for them).
    /// </summary>
    private static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v) return false;
        if (v.TryGetValue(out value)) return true;
        return v.TryGetValue<string>(out var s) && s is "NaN" or "Infinity" or "-Infinity" &&
               double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
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
}
