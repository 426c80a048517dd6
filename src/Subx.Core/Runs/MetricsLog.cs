using System.Globalization;
using System.Text.Json;

namespace Subx.Runs;

/// <summary>
/// Per-iteration metrics of a run, as metrics.jsonl (one JSON object a line) and metrics.csv
/// (fixed columns). A resumed run first drops the lines after its checkpoint, so each iteration
/// appears once.
/// </summary>
public sealed class MetricsLog
{
    /// <summary>The JSON-lines file name.</summary>
    public const string JsonlFile = "metrics.jsonl";
    /// <summary>The CSV file name.</summary>
    public const string CsvFile = "metrics.csv";
    private static readonly string[] Columns =
    [
        "iteration", "task", "charts/reward", "charts/reward_max", "reward/score_t", "reward/score_distractors",
        "reward/distractor_term", "reward/size_term", "reward/overlap", "reward/overlap_term", "charts/size",
        "charts/size_penalty", "charts/entropy", "losses/policy_loss", "truth/auc", "truth/f1",
    ];
    private readonly string _jsonl, _csv;

    /// <summary>Opens the log of a run folder, keeping the lines of iterations up to <paramref name="keepThrough"/> (0 starts afresh).</summary>
    public MetricsLog(string runDir, int keepThrough)
    {
        _jsonl = Path.Combine(runDir, JsonlFile);
        _csv = Path.Combine(runDir, CsvFile);
        var kept = File.Exists(_jsonl) && keepThrough > 0
            ? File.ReadAllLines(_jsonl).Where(l => IterationOf(l) is int i && i <= keepThrough).ToList()
            : [];
        Runs.AtomicFile.WriteAllText(_jsonl, kept.Count == 0 ? "" : string.Join("\n", kept) + "\n");
        var csvRows = kept.Select(l => CsvRow(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l)!.ToDictionary(kv => kv.Key, kv => (object)kv.Value)));
        Runs.AtomicFile.WriteAllText(_csv, string.Join(",", Columns) + "\n" + string.Concat(csvRows.Select(r => r + "\n")));
    }

    /// <summary>The iteration of a line, or null for a line cut short by a killed process.</summary>
    private static int? IterationOf(string line)
    {
        try { return JsonDocument.Parse(line).RootElement.GetProperty("iteration").GetInt32(); }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return null; }
    }

    /// <summary>Appends one iteration's metrics to both files.</summary>
    public void Append(IReadOnlyDictionary<string, object> metrics)
    {
        File.AppendAllText(_jsonl, JsonSerializer.Serialize(metrics) + "\n");
        File.AppendAllText(_csv, CsvRow(metrics) + "\n");
    }

    private static string CsvRow(IReadOnlyDictionary<string, object> m) => string.Join(",", Columns.Select(c => !m.TryGetValue(c, out var v) ? "" : v switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        JsonElement e when e.ValueKind == JsonValueKind.String => e.GetString()!,
        JsonElement e => e.GetRawText(),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    }));
}
