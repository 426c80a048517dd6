using System.Globalization;
using System.Text.Json;

namespace Subx.Runs;

/// <summary>
/// Per-iteration metrics of a run, as metrics.jsonl (one JSON object a line), metrics.csv (fixed
/// columns) and a TensorBoard event file (<see cref="TensorBoardEvents"/>: every number at the
/// iteration as its step, and the reward per task as `by_task/TASK/reward`). Each line gets the
/// wall-clock time it was written (`time`, Unix seconds). A resumed run first drops the lines after
/// its checkpoint and rewrites the event file from the lines it keeps, so each iteration appears once
/// everywhere — TensorBoard included, which would otherwise draw the re-run iterations twice.
/// </summary>
public sealed class MetricsLog
{
    /// <summary>The JSON-lines file name.</summary>
    public const string JsonlFile = "metrics.jsonl";
    /// <summary>The CSV file name.</summary>
    public const string CsvFile = "metrics.csv";
    private readonly string _jsonl, _csv, _events;

    /// <summary>Opens the log of a run folder, keeping the lines of iterations up to <paramref name="keepThrough"/> (0 starts afresh).</summary>
    public MetricsLog(string runDir, int keepThrough)
    {
        _jsonl = Path.Combine(runDir, JsonlFile);
        _csv = Path.Combine(runDir, CsvFile);
        _events = Path.Combine(runDir, TensorBoardEvents.FileName);
        var kept = File.Exists(_jsonl) && keepThrough > 0
            ? File.ReadAllLines(_jsonl).Where(l => IterationOf(l) is int i && i <= keepThrough).ToList()
            : [];
        Runs.AtomicFile.WriteAllText(_jsonl, kept.Count == 0 ? "" : string.Join("\n", kept) + "\n");
        var rows = kept.Select(l => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l)!.ToDictionary(kv => kv.Key, kv => (object)kv.Value)).ToList();
        Runs.AtomicFile.WriteAllText(_csv, string.Join(",", Metric.All) + "\n" + string.Concat(rows.Select(r => CsvRow(r) + "\n")));
        Runs.AtomicFile.Write(_events, stream =>
        {
            stream.Write(TensorBoardEvents.FileVersionRecord(Now()));
            foreach (var row in rows) stream.Write(EventOf(row));
        });
    }

    /// <summary>Seconds since the Unix epoch, to the millisecond.</summary>
    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>The iteration of a line, or null for a line cut short by a killed process.</summary>
    private static int? IterationOf(string line)
    {
        try { return JsonDocument.Parse(line).RootElement.GetProperty(Metric.Iteration).GetInt32(); }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return null; }
    }

    /// <summary>Appends one iteration's metrics (an `iteration`, numbers, and the `task`'s name) to every file, stamped with the time.</summary>
    public void Append(IReadOnlyDictionary<string, object> metrics)
    {
        var row = new Dictionary<string, object>(metrics) { [Metric.Time] = Now() };
        File.AppendAllText(_jsonl, JsonSerializer.Serialize(row) + "\n");
        File.AppendAllText(_csv, CsvRow(row) + "\n");
        using var events = new FileStream(_events, FileMode.Append, FileAccess.Write);
        events.Write(EventOf(row));
    }

    /// <summary>One iteration as a TensorBoard record: every number but the iteration and the time, at the iteration as the step.</summary>
    private static byte[] EventOf(IReadOnlyDictionary<string, object> row)
    {
        static double? Number(object v) => v switch
        {
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            JsonElement e when e.ValueKind == JsonValueKind.Number => e.GetDouble(),
            _ => null,
        };
        long step = Number(row[Metric.Iteration]) is double it ? (long)it : 0;
        double time = row.TryGetValue(Metric.Time, out var t) && Number(t) is double seconds ? seconds : 0;
        var values = row.Where(kv => kv.Key is not (Metric.Iteration or Metric.Time) && Number(kv.Value) is not null)
            .Select(kv => (kv.Key, (float)Number(kv.Value)!.Value)).ToList();
        string? task = row.TryGetValue(Metric.Task, out var name) ? name switch { string n => n, JsonElement e when e.ValueKind == JsonValueKind.String => e.GetString(), _ => null } : null;
        if (task is not null && row.TryGetValue(Metric.Reward, out var reward) && Number(reward) is double r)
            values.Add(($"by_task/{task}/reward", (float)r));
        return TensorBoardEvents.ScalarsRecord(time, step, values);
    }

    private static string CsvRow(IReadOnlyDictionary<string, object> m) => string.Join(",", Metric.All.Select(c => !m.TryGetValue(c, out var v) ? "" : v switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        JsonElement e when e.ValueKind == JsonValueKind.String => e.GetString()!,
        JsonElement e => e.GetRawText(),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    }));
}
