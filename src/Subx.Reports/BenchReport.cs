using System.Text.Json.Nodes;
using ScottPlot;
using Subx.Runs;
using static Subx.Reports.JsonFields;

namespace Subx.Reports;

/// <summary>
/// The report of a `subx bench --json` file, of a zoo or of a BERT host: every extractor's reward on
/// every task with its standard error over the judge's fine-tunes; the SE's margin over the best
/// baseline, paired fine-tune by fine-tune; on a zoo, each extractor's ROC-AUC against the truth and
/// T's probe in M with the subnet alone (the knock-out); then one table per task.
/// </summary>
public static class BenchReport
{
    private sealed record Row(string Name, double Reward, double StdError, IReadOnlyList<double> Repeats, JsonObject Json, JsonFields Fields);
    private sealed record TaskRows(string Task, double? Probe, bool HeldOut, IReadOnlyList<Row> Rows);

    /// <summary>Builds the report of the bench JSON <paramref name="json"/>, read from <paramref name="file"/>.</summary>
    public static Report Build(string json, string file)
    {
        var f = new JsonFields(file);
        var root = f.Parse(json);
        var tasks = f.Objects(root, "tasks").Select((t, i) =>
        {
            var rows = t.Fields.Objects(t.Node, "extractors").Select(r => new Row(r.Fields.Text(r.Node, "name"), r.Fields.Number(r.Node, "reward"),
                r.Fields.NumberOrNull(r.Node, "rewardStdError") ?? 0, At(r.Node, "rewardRepeats") is null ? [] : r.Fields.Numbers(r.Node, "rewardRepeats"), r.Node, r.Fields)).ToList();
            if (rows.Count == 0) throw SubxException.Bad(file, $"tasks[{i}].extractors", "at least one extractor's row", "none");
            // Margins pair the rows' judge repeats one by one: a task's rows must have as many.
            if (rows.Select(r => r.Repeats.Count).Distinct().Count() > 1)
                throw SubxException.Bad(file, $"tasks[{i}].extractors[].rewardRepeats", "the same number of judge repeats in every row of a task",
                    string.Join(", ", rows.Select(r => $"{r.Repeats.Count} for {r.Name}")));
            return new TaskRows(t.Fields.Text(t.Node, "task"), t.Fields.NumberOrNull(t.Node, "wholeModelProbe"), At(t.Node, "heldOut") is JsonValue h && h.TryGetValue(out bool held) && held, rows);
        }).ToList();
        if (tasks.Count == 0) throw SubxException.Bad(file, "tasks", "at least one task", "none");

        var extractors = tasks.SelectMany(t => t.Rows.Select(r => r.Name)).Distinct().ToList();
        bool zoo = tasks[0].Rows[0].Json.ContainsKey("auc");
        string title = $"Bench: {extractors.Count} extractors on {tasks.Count} tasks" + (zoo ? " of a zoo" : "");
        var html = new Html(title).Paragraph($"Extractors: {string.Join(", ", extractors)}. Tasks: {string.Join(", ", tasks.Select(t => t.Task))}.");
        html.Note("Every extractor works at the same size budget on a task, so the rewards compare subnets of equal size. Error bars are the reward's standard error over the judge's fine-tunes (their seeds are the same for every row, so two rows' difference is compared fine-tune by fine-tune).");

        var figures = new List<Figure>();
        void Add(Figure fig) { figures.Add(fig); html.Figure(fig.Png, fig.Caption); }
        Add(new Figure("rewards.png", Grouped(tasks, extractors, r => (r.Reward, r.StdError), "Reward at equal size", "reward ± s.e."),
            "Each extractor's reward on each task, ± its standard error over the judge's fine-tunes."));

        var seRows = extractors.Where(Bench.IsSeRow).ToList();
        var baselines = extractors.Where(e => !Bench.IsSeRow(e)).ToList();
        if (seRows.Count > 0 && baselines.Count > 0 && tasks.All(t => t.Rows.All(r => r.Repeats.Count > 0)))
        {
            // A task without the SE's row, or with no baseline's, has no margin.
            var margins = seRows.ToDictionary(se => se, se => tasks.Select(t => t.Rows.Any(r => r.Name == se) && t.Rows.Any(r => baselines.Contains(r.Name))
                ? RewardMargin.OverBest(t.Task, [.. t.Rows.Select(r => (r.Name, r.Reward, r.Repeats))], se, baselines.Where(b => t.Rows.Any(r => r.Name == b)))
                : null).ToList());
            Add(new Figure("margins.png", MarginPlot(tasks, margins),
                "The SE's reward less the best baseline's on each task, paired fine-tune by fine-tune; bars are ±2 paired standard errors. Above zero: the SE is ahead; a bar clear of zero: ahead or behind by more than the judge's noise."));
            html.Table(["SE", "task", "best baseline", "margin ± paired s.e.", "ahead or level", "by > 2 s.e."],
                margins.SelectMany(kv => kv.Value.Select((m, i) => (m, i)).Where(x => x.m is not null).Select(x => (IReadOnlyList<string>)
                    [kv.Key, tasks[x.i].Task, x.m!.Best, $"{Signed(x.m.Difference)} ± {F3(x.m.StandardError)}", x.m.Difference >= 0 ? "yes" : "no",
                     x.m.ClearlyAhead ? "ahead" : x.m.ClearlyBehind ? "behind" : "no"])));
        }
        if (zoo)
            Add(new Figure("auc.png", Grouped(tasks, extractors, r => (r.Fields.Number(r.Json, "auc"), 0), "Per-unit scores against the truth", "ROC-AUC"),
                "ROC-AUC of each extractor's per-unit scores against the task's planted units: how well its ranking finds the truth, whatever the budget."));
        // Benches written before 2026-12-07 have no knock-out.
        if (tasks.All(t => t.Rows.All(r => At(r.Json, "knockout") is not null)))
            Add(new Figure("knockout.png", Grouped(tasks, extractors, r => (r.Fields.Number(r.Json, "knockout.onlySubnet"), 0), "T inside M with the subnet alone (the rest mean-ablated)", "M's probe on T"),
                "Each extractor's subnet kept alone in M, every other unit mean-ablated, read by a linear probe on M's output fitted on intact M: how much of T the subnet does inside M by itself. " +
                "The task tables give the converse too: M's probe on T with the subnet ablated."));

        foreach (var t in tasks)
        {
            html.Heading(t.Task + (t.HeldOut ? " (held out of the SE's training)" : "") + (t.Probe is double p ? $" (whole-model probe {F3(p)})" : ""));
            var columns = zoo
                ? new[] { ("score T", "scoreT"), ("mean score D", "scoreDistractors"), ("size", "size"), ("precision", "precision"), ("recall", "recall"), ("F1", "f1"), ("ROC-AUC", "auc"),
                    ("T in M without it", "knockout.withoutSubnet"), ("T in M, it alone", "knockout.onlySubnet"), ("seconds", "seconds") }
                : [("score T", "scoreT"), ("no subnet", "noSubnet"), ("re-initialised", "reinitialized"), ("random units", "randomUnits"), ("mean score D", "scoreDistractors"), ("size", "size"), ("seconds", "seconds")];
            html.Table(["extractor", "reward ± s.e.", .. columns.Select(c => c.Item1)],
                t.Rows.Select(r => (IReadOnlyList<string>)[r.Name, $"{F3(r.Reward)} ± {F3(r.StdError)}", .. columns.Select(c => r.Fields.NumberOrNull(r.Json, c.Item2) is double v ? F3(v) : "")]),
                t.Rows.Select((r, i) => (r, i)).Where(x => Bench.IsSeRow(x.r.Name)).Select(x => x.i).ToHashSet());
        }
        return new Report(title, html.ToString(), figures);
    }

    private static string Signed(double v) => (v < 0 ? "−" : "+") + F3(Math.Abs(v));

    private static byte[] Grouped(IReadOnlyList<TaskRows> tasks, IReadOnlyList<string> extractors, Func<Row, (double Value, double Error)> value, string title, string yLabel)
    {
        var plot = Plots.New(title, null, yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        double width = 0.84 / extractors.Count;
        foreach (var (name, k) in extractors.Select((e, k) => (e, k)))
        {
            var bars = tasks.Select((t, i) => (t, i)).Where(x => x.t.Rows.Any(r => r.Name == name)).Select(x =>
            {
                var (v, e) = value(x.t.Rows.First(r => r.Name == name));
                return new Bar { Position = x.i - 0.42 + width * (k + 0.5), Value = v, Error = e, Size = width * 0.92, LineWidth = 1, LineColor = Colors.Black, FillColor = palette.GetColor(k) };
            }).ToList();
            plot.Add.Bars(bars).LegendText = name;
        }
        Plots.Ticks(plot.Axes.Bottom, [.. tasks.Select((_, i) => (double)i)], [.. tasks.Select(t => t.Task)]);
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        plot.ShowLegend(Edge.Right);
        return Plots.Png(plot, 860, 420);
    }

    private static byte[] MarginPlot(IReadOnlyList<TaskRows> tasks, Dictionary<string, List<RewardMargin?>> margins)
    {
        var plot = Plots.New("The SE less the best baseline, at equal size", null, "reward margin ± 2 paired s.e.");
        double width = 0.6 / margins.Count;
        foreach (var ((se, list), k) in margins.Select((kv, k) => (kv, k)))
        {
            var bars = list.Select((m, i) => (m, i)).Where(x => x.m is not null).Select(x => new Bar
            {
                Position = x.i - 0.3 + width * (k + 0.5), Value = x.m!.Difference, Error = 2 * x.m.StandardError, Size = width * 0.9, LineWidth = 1, LineColor = Colors.Black,
                FillColor = k == 0 ? Plots.Subnet : Plots.Reference,
            }).ToList();
            plot.Add.Bars(bars).LegendText = se;
        }
        Plots.Ticks(plot.Axes.Bottom, [.. tasks.Select((_, i) => (double)i)], [.. tasks.Select(t => t.Task)]);
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        plot.ShowLegend(Alignment.UpperRight);
        return Plots.Png(plot, 860, 400);
    }
}
