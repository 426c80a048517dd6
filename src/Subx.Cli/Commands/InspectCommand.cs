using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Subx.Cli.Common;
using Subx.Observation;
using Subx.Runs;
using Subx.Tasks;
using Subx.Units;

namespace Subx.Cli.Commands;

/// <summary>`subx inspect`: which subnet, on which task, how many of its units and rows.</summary>
public sealed class InspectSettings : CommandSettings
{
    [CommandOption("--subnet <FILE>")]
    [Description("A subnet.json written by `subx extract`, or the folder holding it.")]
    public string? Subnet { get; set; }

    [CommandOption("--host <HOST>")]
    [Description("The host the subnet was extracted from (default: the one its subnet.json records, else minilm).")]
    public string? Host { get; set; }

    [CommandOption("--task <TASK>")]
    [Description("The task whose rows the units are read on (default: the subnet's own task, when it is built in or the zoo's; a task file by its path).")]
    public string? Task { get; set; }

    [CommandOption("--units <N>")]
    [Description("How many of the subnet's units to show, those the extractor ranked highest first; 0 shows all.")]
    [DefaultValue(10)]
    public int Units { get; set; } = 10;

    [CommandOption("--examples <K>")]
    [Description("Rows shown per unit: those it fires most on.")]
    [DefaultValue(3)]
    public int Examples { get; set; } = 3;

    [CommandOption("--rows <N>")]
    [Description("Validation rows read (a stratified subset when the split has more); 0 reads all.")]
    [DefaultValue(UnitProfiles.DefaultRows)]
    public int Rows { get; set; } = UnitProfiles.DefaultRows;

    [CommandOption("--json <FILE>")]
    [Description("Also write every shown unit's profile, and the summary, as JSON.")]
    public string? Json { get; set; }

    /// <summary>The manifest file.</summary>
    public string SubnetFile => SubnetArgument.File(Subnet!);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (SubnetArgument.Check(Subnet) is { Successful: false } subnet) return subnet;
        if (Host is not null && HostArgument.Check(Host) is { Successful: false } host) return host;
        if (Units < 0) return ValidationResult.Error($"--units: expected 0 (all) or a positive count, found {Units}.");
        if (Examples < 0) return ValidationResult.Error($"--examples: expected 0 or a positive count, found {Examples}.");
        if (Rows < 0) return ValidationResult.Error($"--rows: expected 0 (all) or a positive count, found {Rows}.");
        if (Json is not null && OutputPath.Problem("--json", Json, folder: false) is { } problem) return ValidationResult.Error(problem);
        return ValidationResult.Success();
    }
}

/// <summary>
/// What a saved subnet's units respond to on a task: for each unit, the class it fires for and how well
/// its activation alone tells that class from the rest (ROC-AUC), and the rows it fires most on; then
/// how many of the subnet's units tell T's classes apart, against every unit of M.
/// </summary>
public sealed class InspectCommand(IAnsiConsole console, Reporter reporter) : Command<InspectSettings>
{
    /// <summary>A unit whose activation alone gives this ROC-AUC for some class is counted as telling the classes apart.</summary>
    internal const double Telling = 0.7;

    /// <summary>Characters of a row's text shown in the table.</summary>
    private const int TextWidth = 32;

    /// <inheritdoc />
    public override int Execute(CommandContext context, InspectSettings settings, CancellationToken cancellationToken)
    {
        string file = settings.SubnetFile;
        var (host, subnet, manifest, _) = SubnetManifest.ReadWithHost(file, settings.Host, reporter, "inspecting it on");
        string taskName = settings.Task ?? (manifest["task"] is JsonValue t && t.TryGetValue<string>(out var recorded) ? recorded : null)
            ?? throw SubxException.Bad(file, "task", "the subnet's task (or --task)", "nothing");
        TaskData task;
        try { task = HostArgument.Task(host, taskName, "--task"); }
        catch (SubxException) when (settings.Task is null)
        {
            throw SubxException.Bad(file, "task", "a built-in task or one of the zoo's (else name the task file with --task)", $"'{taskName}'");
        }
        var rows = TaskSplits.Subset(task.Splits.Validation, settings.Rows);

        // Every unit of M is profiled (the comparison below needs them all); the table shows the subnet's.
        var all = reporter.Run($"units on {task.Name}: {rows.Length} rows", _ =>
            UnitProfiles.Compute(host.Host, task, [.. Enumerable.Range(0, host.Host.Units.Count)], rows, settings.Examples));
        var scores = manifest["unitScores"] as JsonObject;
        double ScoreOf(int p) => scores?[host.Host.Units[p].Id.ToString()] is JsonValue v && v.TryGetValue<double>(out var s) ? s : double.NaN;
        var kept = Enumerable.Range(0, subnet.Space.Count).Where(subnet.Contains).ToArray();
        var shown = kept.OrderByDescending(p => double.IsNaN(ScoreOf(p)) ? double.NegativeInfinity : ScoreOf(p)).ThenBy(p => p)
            .Take(settings.Units == 0 ? kept.Length : settings.Units).ToArray();

        // On a BERT, the token at which each unit peaks in each of its rows, as neuron viewers highlight it.
        var peaks = host.Host is Subx.Hosts.Bert.BertHost bert
            ? UnitProfiles.PeakTokens(bert, task, [.. shown.Select(p => all[p])]).Select((tokens, i) => (shown[i], tokens)).ToDictionary(e => e.Item1, e => e.tokens)
            : null;
        string Row(int unit, int k)
        {
            int row = all[unit].TopRows[k];
            return task.Texts is { } texts
                ? $"\"{Shorten(texts[row])}\" ({task.Classes[task.Labels[row]]}){(peaks is null ? "" : $" at {peaks[unit][k]}")}"
                : $"row {row} ({task.Classes[task.Labels[row]]})";
        }
        var table = new Table()
            .AddColumn("unit").AddColumn(new TableColumn("score").RightAligned()).AddColumn("fires for")
            .AddColumn(new TableColumn("AUC").RightAligned()).AddColumn(peaks is null ? "rows it fires most on" : "rows it fires most on, at its peak token");
        foreach (int p in shown)
        {
            var u = all[p];
            table.AddRow(Markup.Escape(host.Host.Units[p].Id.ToString()), double.IsNaN(ScoreOf(p)) ? "" : Format.Score(ScoreOf(p)),
                Markup.Escape(task.Classes[u.Class]), Format.Score(u.Auc), Markup.Escape(string.Join("\n", u.TopRows.Select((_, k) => Row(p, k)))));
        }
        console.WriteTable($"what the subnet's units respond to on {task.Name}: {shown.Length} of its {kept.Length} units, the extractor's highest first", table,
            $"AUC: how well the unit's activation alone tells that class from the others on {rows.Length} validation rows (0.5: not at all, 1: perfectly)");

        int keptTelling = kept.Count(p => all[p].Auc >= Telling), allTelling = all.Count(u => u.Auc >= Telling);
        double keptMedian = Median(kept.Select(p => all[p].Auc)), allMedian = Median(all.Select(u => u.Auc));
        string summary = $"{keptTelling} of the subnet's {kept.Length} units ({Percent(keptTelling, kept.Length)}) tell {task.Name}'s classes apart with AUC ≥ {Telling.ToString("F1", CultureInfo.InvariantCulture)}, " +
            $"against {allTelling} of M's {all.Length} ({Percent(allTelling, all.Length)}); median AUC {Format.Score(keptMedian)} in the subnet, {Format.Score(allMedian)} in M";
        if (settings.Json is { } path)
        {
            var json = new JsonObject
            {
                ["host"] = host.Name, ["task"] = task.Name, ["rows"] = rows.Length, ["telling"] = Telling,
                ["subnet"] = new JsonObject { ["units"] = kept.Length, ["telling"] = keptTelling, ["medianAuc"] = keptMedian },
                ["allUnits"] = new JsonObject { ["units"] = all.Length, ["telling"] = allTelling, ["medianAuc"] = allMedian },
                ["shown"] = new JsonArray([.. shown.Select(p => (JsonNode)new JsonObject
                {
                    ["unit"] = host.Host.Units[p].Id.ToString(),
                    ["score"] = double.IsNaN(ScoreOf(p)) ? null : ScoreOf(p),
                    ["class"] = task.Classes[all[p].Class],
                    ["auc"] = all[p].Auc,
                    ["mean"] = all[p].Mean,
                    ["top"] = new JsonArray([.. all[p].TopRows.Select((r, k) => (JsonNode)new JsonObject
                    {
                        ["row"] = r, ["label"] = task.Classes[task.Labels[r]], ["text"] = task.Texts?[r], ["activation"] = all[p].TopActivations[k],
                        ["peakToken"] = peaks?[p][k],
                    })]),
                })]),
            };
            AtomicFile.WriteAllText(path, json.ToJsonString(Common.Json.Options));
        }
        console.Summary(summary + (settings.Json is { } written ? $"; wrote {written}" : ""));
        return 0;
    }

    private static string Shorten(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= TextWidth ? flat : flat[..(TextWidth - 1)] + "…";
    }

    private static string Percent(int part, int whole) => whole == 0 ? "–" : (100.0 * part / whole).ToString("F0", CultureInfo.InvariantCulture) + "%";

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
