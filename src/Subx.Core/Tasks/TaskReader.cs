using System.Globalization;
using System.Text.Json;

namespace Subx.Tasks;

/// <summary>
/// Reads a task file: <c>.tsv</c> or <c>.csv</c> (inputs then a label column, optional header) or <c>.jsonl</c>
/// (<c>{"x":[...],"label":L}</c> or <c>{"text":"...","label":L}</c> per line).
/// </summary>
public static class TaskReader
{
    private const string Accepted = "one of .tsv, .csv, .jsonl";

    /// <summary>Reads the task in <paramref name="path"/>, split by <paramref name="split"/>; the name defaults to the file's stem.</summary>
    /// <exception cref="SubxException">The file is missing, has an unknown extension, or its content is malformed.</exception>
    public static TaskData Read(string path, SplitConfig split, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(split);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".tsv" or ".csv" or ".jsonl"))
        {
            string found = extension.Length == 0 ? "no extension" : $"'{Path.GetExtension(path)}'";
            throw SubxException.Bad(path, "extension", Accepted, found);
        }
        if (!File.Exists(path)) throw SubxException.Bad(path, "file", "an existing file", "no such file");

        string text = File.ReadAllText(path);
        name ??= Path.GetFileNameWithoutExtension(path);
        return extension switch
        {
            ".tsv" => FromRecords(DelimitedParser.ParseTsv(text), path, name, split),
            ".csv" => FromRecords(DelimitedParser.ParseCsv(text, path), path, name, split),
            _ => FromJsonLines(text, path, name, split),
        };
    }

    private static TaskData FromRecords(List<DelimitedRecord> records, string path, string name, SplitConfig split)
    {
        if (records.Count == 0) throw SubxException.Bad(path, "rows", "at least 2 rows", "0");

        (bool hasHeader, int labelColumn) = DetectHeader(records);
        string[]? header = hasHeader ? records[0].Cells : null;
        List<DelimitedRecord> rows = hasHeader ? records.GetRange(1, records.Count - 1) : records;
        if (rows.Count == 0) throw SubxException.Bad(path, "rows", "at least 2 rows", "0");
        int columns = hasHeader ? header!.Length : rows[0].Cells.Length;
        if (labelColumn < 0) labelColumn = columns - 1;

        int firstLine = hasHeader ? records[0].Line : rows[0].Line;
        if (columns < 2)
            throw SubxException.Bad($"{path} line {firstLine}", "columns",
                "at least 2 columns (inputs, then the label)", columns.ToString(CultureInfo.InvariantCulture));

        string ColumnName(int j) => header is not null && header[j].Trim().Length > 0
            ? $"column {j + 1} ('{header[j].Trim()}')"
            : $"column {j + 1}";

        var labels = new string[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            DelimitedRecord row = rows[r];
            if (row.Cells.Length != columns)
                throw SubxException.Bad($"{path} line {row.Line}", "columns", $"{columns} columns",
                    row.Cells.Length.ToString(CultureInfo.InvariantCulture));
            string label = row.Cells[labelColumn].Trim();
            if (label.Length == 0)
                throw SubxException.Bad($"{path} line {row.Line}", "label", "a class label", "an empty cell");
            labels[r] = label;
        }

        int[] inputColumns = Enumerable.Range(0, columns).Where(j => j != labelColumn).ToArray();
        bool namedText = header is not null && inputColumns.Length == 1
            && header[inputColumns[0]].Trim().Equals("text", StringComparison.OrdinalIgnoreCase);
        bool allNumeric = rows.All(row => inputColumns.All(j => TaskData.TryParseNumber(row.Cells[j], out _)));

        if (inputColumns.Length == 1 && (namedText || !allNumeric))
        {
            string[] texts = rows.Select(row => row.Cells[inputColumns[0]]).ToArray();
            var textTask = TaskData.FromTexts(name, texts, labels, split, path);
            return hasHeader ? textTask : textTask.WithFirstRowMayBeHeader();
        }

        var features = new float[rows.Count][];
        for (int r = 0; r < rows.Count; r++)
        {
            DelimitedRecord row = rows[r];
            var x = new float[inputColumns.Length];
            for (int k = 0; k < inputColumns.Length; k++)
            {
                int j = inputColumns[k];
                string cell = row.Cells[j];
                if (!TaskData.TryParseNumber(cell, out double value))
                    throw SubxException.Bad($"{path} line {row.Line}", ColumnName(j),
                        "a number (the input columns of a task with more than one are all numeric)", $"'{cell}'");
                x[k] = (float)value;
                if (!float.IsFinite(x[k]))
                    throw SubxException.Bad($"{path} line {row.Line}", ColumnName(j), "a finite number within float range", $"'{cell.Trim()}'");
            }
            features[r] = x;
        }
        return TaskData.FromFeatures(name, features, labels, split, path);
    }

    /// <summary>
    /// The first record is a header if one of its cells is <c>label</c> in any case (that column is then the label),
    /// or if a cell of it is not a number in a column that holds numbers in every later record (a numeric
    /// label or feature column, named in the header). Returns the label column, or -1 for "the last column".
    /// </summary>
    private static (bool HasHeader, int LabelColumn) DetectHeader(List<DelimitedRecord> records)
    {
        string[] first = records[0].Cells;
        int named = Array.FindLastIndex(first, cell => cell.Trim().Equals("label", StringComparison.OrdinalIgnoreCase));
        if (named >= 0) return (true, named);
        if (records.Count < 2) return (false, -1);
        for (int j = 0; j < first.Length; j++)
        {
            if (TaskData.TryParseNumber(first[j], out _)) continue;
            bool numericBelow = records.Skip(1).All(r => j < r.Cells.Length && TaskData.TryParseNumber(r.Cells[j], out _));
            if (numericBelow) return (true, -1);
        }
        return (false, -1);
    }

    private static TaskData FromJsonLines(string text, string path, string name, SplitConfig split)
    {
        string[] lines = text.Split('\n');
        var features = new List<float[]>();
        var texts = new List<string>();
        var labels = new List<string>();
        TaskInputKind? kind = null;
        int firstLine = 0;
        int dim = 0;

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            int lineNumber = i + 1;
            string where = $"{path} line {lineNumber}";

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                throw SubxException.Bad(where, "line", "one JSON object", $"text that is not valid JSON: '{Abbreviate(line)}'");
            }
            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw SubxException.Bad(where, "line", "one JSON object", Describe(root));

                bool hasX = root.TryGetProperty("x", out JsonElement x);
                bool hasText = root.TryGetProperty("text", out JsonElement textElement);
                if (kind is null)
                {
                    if (hasX && hasText)
                        throw SubxException.Bad(where, "x/text", "either an \"x\" field or a \"text\" field", "both");
                    if (!hasX && !hasText)
                        throw SubxException.Bad(where, "x/text", "an \"x\" array of numbers or a \"text\" string", "neither field");
                    kind = hasX ? TaskInputKind.Features : TaskInputKind.Text;
                    firstLine = lineNumber;
                }

                if (kind == TaskInputKind.Features)
                {
                    if (!hasX)
                        throw SubxException.Bad(where, "x", $"an array of numbers (line {firstLine} has one)", "no \"x\" field");
                    features.Add(ReadVector(x, where, features.Count == 0 ? -1 : dim, firstLine));
                    dim = features[^1].Length;
                }
                else
                {
                    if (!hasText)
                        throw SubxException.Bad(where, "text", $"a string (line {firstLine} has one)", "no \"text\" field");
                    if (textElement.ValueKind != JsonValueKind.String)
                        throw SubxException.Bad(where, "text", "a string", Describe(textElement));
                    texts.Add(textElement.GetString()!);
                }

                if (!root.TryGetProperty("label", out JsonElement label))
                    throw SubxException.Bad(where, "label", "a string or a number", "no \"label\" field");
                string labelText = label.ValueKind switch
                {
                    JsonValueKind.String => label.GetString()!.Trim(),
                    JsonValueKind.Number => label.GetRawText(),
                    _ => throw SubxException.Bad(where, "label", "a string or a number", Describe(label)),
                };
                if (labelText.Length == 0) throw SubxException.Bad(where, "label", "a class label", "an empty string");
                labels.Add(labelText);
            }
        }

        return kind == TaskInputKind.Text
            ? TaskData.FromTexts(name, [.. texts], [.. labels], split, path)
            : TaskData.FromFeatures(name, [.. features], [.. labels], split, path);
    }

    private static float[] ReadVector(JsonElement x, string where, int dim, int firstLine)
    {
        if (x.ValueKind != JsonValueKind.Array)
            throw SubxException.Bad(where, "x", "an array of numbers", Describe(x));
        int length = x.GetArrayLength();
        if (length == 0) throw SubxException.Bad(where, "x", "at least 1 number", "an empty array");
        if (dim >= 0 && length != dim)
            throw SubxException.Bad(where, "x", $"{dim} numbers (as on line {firstLine})", length.ToString(CultureInfo.InvariantCulture));
        var vector = new float[length];
        int k = 0;
        foreach (JsonElement element in x.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Number)
                throw SubxException.Bad(where, $"x[{k}]", "a number", Describe(element));
            float value = element.TryGetDouble(out double d) ? (float)d : float.NaN;
            if (!float.IsFinite(value))
                throw SubxException.Bad(where, $"x[{k}]", "a finite number within float range", element.GetRawText());
            vector[k++] = value;
        }
        return vector;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"a string ({Abbreviate(element.GetRawText())})",
        JsonValueKind.Number => $"a number ({element.GetRawText()})",
        JsonValueKind.True or JsonValueKind.False => $"a boolean ({element.GetRawText()})",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => element.ValueKind.ToString(),
    };

    private static string Abbreviate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
