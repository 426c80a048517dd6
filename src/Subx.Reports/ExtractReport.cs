using System.Text.Json;
using System.Text.Json.Nodes;
using ScottPlot;
using Subx.Scoring;
using Subx.Units;
using static Subx.Reports.JsonFields;

namespace Subx.Reports;

/// <summary>
/// The report of one extraction, built from its `subnet.json` alone: what the subnet scores on T
/// against its controls and the whole-model probe, and on each distractor; the reward and its terms;
/// where the subnet lies in the host (heads by layer, neurons per layer); how the extractor scored
/// every unit; on a zoo task, how it matches the planted truth.
/// </summary>
public static class ExtractReport
{
    /// <summary>Builds the report of the manifest <paramref name="json"/>, read from <paramref name="file"/> (named in errors).</summary>
    public static Report Build(string json, string file)
    {
        var f = new JsonFields(file);
        var m = f.Parse(json);
        string task = f.Text(m, "task"), extractor = f.Text(m, "extractor"), host = f.Text(m, "host");
        var kept = f.Texts(m, "units").Select(p => Unit(f, p, "units")).ToHashSet();
        var scores = f.ObjectAt(m, "unitScores").Select(kv => (Id: Unit(f, kv.Key, "unitScores"), Score: f.Value(kv.Value, $"unitScores[\"{kv.Key}\"]"))).ToList();
        var scored = scores.Select(s => s.Id).ToHashSet();
        foreach (var unit in kept)
            if (!scored.Contains(unit)) throw SubxException.Bad(file, "units", "units that unitScores lists too", $"'{unit}', which it does not");
        double scoreT = f.Number(m, "scores.task");
        var distractors = f.ObjectAt(m, "scores.distractors").Select(kv => (Name: kv.Key, Score: f.Value(kv.Value, $"scores.distractors[\"{kv.Key}\"]"))).ToList();
        var (noSubnet, reinit, random) = (f.Number(m, "controls.noSubnet"), f.Number(m, "controls.reinitialized"), f.Number(m, "controls.randomUnits"));
        double? probe = f.NumberOrNull(m, "wholeModelProbe");
        double size = f.Number(m, "size");
        var reward = (Total: f.Number(m, "reward.total"), Se: f.NumberOrNull(m, "reward.stdError"), D: f.Number(m, "reward.distractorTerm"),
            B: f.Number(m, "reward.sizeTerm"), Repeats: At(m, "reward.repeats") is null ? 0 : f.Numbers(m, "reward.repeats").Length);
        var truthPaths = At(m, "truth.paths") is null ? null : f.Texts(m, "truth.paths").Select(p => Unit(f, p, "truth.paths")).ToHashSet();

        string title = $"{extractor} on {task}: {kept.Count} of {scores.Count} units, size {F3(size)}";
        var html = new Html(title).Paragraph($"Host {host}. Task T: {task}. Distractors: {string.Join(", ", distractors.Select(d => d.Name))}.");
        html.Paragraph($"Reward {F3(reward.Total)}{(reward.Se is double se ? $" ± {F3(se)}" : "")} = score on T {F3(scoreT)} − a·distractors {F3(reward.D)} − b·size {F3(reward.B)}.");
        if (reward.Repeats > 0)
            html.Note($"Each score is the mean of {reward.Repeats} fine-tunes of the assister model with their own seeds; ± is the reward's standard error over them. Scores are normalised balanced validation accuracies: 0 is chance, 1 is perfect.");

        var figures = new List<Figure>();
        void Add(Figure fig) { figures.Add(fig); html.Figure(fig.Png, fig.Caption); }

        html.Heading("Scores");
        string t = $"{task} (T)";
        var rows = new List<(string On, string With, double Value, Color Color)>
        {
            (t, "the subnet", scoreT, Plots.Subnet),
            (t, "no subnet", noSubnet, Plots.Control),
            (t, "re-initialised weights", reinit, Plots.Control),
            (t, "random units, same size", random, Plots.Control),
        };
        if (probe is double p) rows.Add((t, "whole model (linear probe)", p, Plots.Reference));
        rows.AddRange(distractors.Select(d => (d.Name, "the subnet", d.Score, Plots.Distractor)));
        Add(new Figure("scores.png", ScoreBars([.. rows.Select(r => ($"{r.On}: {r.With}", r.Value, r.Color))]),
            "Score on T with the subnet, against its controls (no subnet; the same units re-initialised; random units of the same size)" +
            (probe is null ? "" : " and the whole-model probe") + ", and on each distractor. A subnet that does the task beats every control on T and scores low on the distractors."));
        html.Table(["fine-tuned on", "with", "score"], rows.Select(r => (IReadOnlyList<string>)[r.On, r.With, F3(r.Value)]), new HashSet<int> { 0 });

        if (At(m, "sizeCurve") is not null)
        {
            var curve = f.Objects(m, "sizeCurve").Select(o => (Size: o.Fields.Number(o.Node, "size"), Units: (int)o.Fields.Number(o.Node, "units"),
                ScoreT: o.Fields.Number(o.Node, "scoreT"), Random: o.Fields.Number(o.Node, "randomUnits"),
                MeanD: o.Fields.ObjectAt(o.Node, "distractors").Select(kv => o.Fields.Value(kv.Value, $"distractors[\"{kv.Key}\"]")).DefaultIfEmpty(double.NaN).Average(),
                Reward: o.Fields.Number(o.Node, "reward"), Se: o.Fields.Number(o.Node, "rewardStdError"))).OrderBy(c => c.Size).ToList();
            html.Heading("The same ranking at other sizes");
            Add(new Figure("size-curve.png", CurvePlot(curve.Select(c => (c.Size, c.ScoreT, c.Random, c.MeanD, c.Reward)).ToList(), size, noSubnet, probe),
                "The extractor's ranking cut at each size asked for (--curve) and judged as the subnet is: T's score against random units of the same size, " +
                "the mean distractor score and the reward; the dotted line marks this subnet's size. Read it to choose a size: where T's score stops rising, more units buy little."));
            html.Table(["size", "units", "score T", "random units", "mean distractor", "reward"], curve.Select(c => (IReadOnlyList<string>)
                [F3(c.Size), c.Units.ToString(System.Globalization.CultureInfo.InvariantCulture), F3(c.ScoreT), F3(c.Random), F3(c.MeanD), $"{F3(c.Reward)} ± {F3(c.Se)}"]));
        }

        if (At(m, "knockout") is not null)
        {
            // Files written before 2026-12-07 knocked out by zeroing and read nothing with the subnet alone.
            string? named = At(m, "knockout.ablation") is null ? null : f.Text(m, "knockout.ablation");
            var ablation = named is null ? Ablation.Zero
                : AblationNames.Parse(named) ?? throw SubxException.Bad(file, "knockout.ablation", "mean, resample or zero", $"'{named}'");
            var knockout = f.Objects(m, "knockout.tasks").Select(o => new KnockoutRow(o.Fields.Text(o.Node, "task"), o.Fields.Number(o.Node, "intact"),
                o.Fields.Number(o.Node, "withoutSubnet"), o.Fields.Numbers(o.Node, "withoutRandom"),
                At(o.Node, "onlySubnet") is null ? null : o.Fields.Number(o.Node, "onlySubnet"),
                At(o.Node, "onlySubnet") is null ? null : o.Fields.Numbers(o.Node, "onlyRandom"))).ToList();
            bool alone = knockout.Count > 0 && knockout[0].OnlySubnet is not null;
            for (int i = 0; i < knockout.Count; i++)
            {
                if (knockout[i].WithoutRandom.Length == 0)
                    throw SubxException.Bad(file, $"knockout.tasks[{i}].withoutRandom", "the probe's score for at least one random draw", "an empty array");
                // Every row has the subnet-alone readings, or (a file from before them) none has.
                if ((knockout[i].OnlySubnet is not null) != alone)
                    throw SubxException.Bad(file, $"knockout.tasks[{i}].onlySubnet", alone ? "a number, as tasks[0] has" : "nothing, as tasks[0] has none", alone ? "nothing" : "a number");
                if (knockout[i].OnlyRandom is { Length: 0 })
                    throw SubxException.Bad(file, $"knockout.tasks[{i}].onlyRandom", "the probe's score for at least one random draw", "an empty array");
            }
            string how = ablation.Participle() + ablation switch
            {
                Ablation.Mean => " (each writes its mean output on the task's train rows; on a BERT, at the token's role: [CLS], [SEP] or other)",
                Ablation.Resample => " (each writes its output on another train row, one drawn for each row read; on a BERT, by token role)",
                _ => "",
            };
            html.Heading("Knock-out in M");
            Add(new Figure("knockout.png", KnockoutBars(knockout, ablation),
                $"M itself with units {how}, read by a linear probe on M's whole output for each task (fitted on intact M): intact, without the subnet's units, and without random units of the same size " +
                (alone ? "(the mean of the draws); then with the subnet's units alone and with the random units alone (every other unit ablated). " : "(the mean of the draws). ") +
                "A subnet that is T's part of M takes T down further than random units do" + (alone ? ", keeps more of T alone than random units keep," : "") +
                " and leaves the distractors about where random units leave them."));
            string Draws(double[] v) => $"{F3(v.Average())} ({F3(v.Min())}–{F3(v.Max())})";
            html.Table(["task", "intact M", "without the subnet", "without random units, same size (range)", .. alone ? (string[])["the subnet alone", "random units alone (range)"] : []],
                knockout.Select((k, i) => (IReadOnlyList<string>)
                [i == 0 ? $"{k.Task} (T)" : k.Task, F3(k.Intact), F3(k.WithoutSubnet), Draws(k.WithoutRandom), .. alone ? (string[])[F3(k.OnlySubnet!.Value), Draws(k.OnlyRandom!)] : []]),
                new HashSet<int> { 0 });
        }

        html.Heading("Where the subnet lies");
        var layout = LayerShare.Of(scores.Select(s => s.Id), kept);
        var kinds = LayerShare.KindsIn(layout);
        bool hasHeads = kinds.Length > 1;
        if (hasHeads)
            Add(new Figure("heads.png", HeadGrid(scores, kept),
                "Every attention head by layer and index, coloured by the extractor's score for it; a black square marks a head the subnet keeps."));
        Add(new Figure("layers.png", LayerBars(layout, kinds),
            "The fraction of each layer's units the subnet keeps" + (hasHeads ? ", attention heads and MLP neurons apart." : ".")));
        html.Table(hasHeads ? ["layer", "attention heads kept", "MLP neurons kept"] : ["layer", "units kept"], layout.GroupBy(s => s.Layer).Select(layer =>
            (IReadOnlyList<string>)[layer.Key.ToString(), .. kinds.Select(kind => layer.FirstOrDefault(s => s.Kind == kind)?.Describe() ?? "")]));

        html.Heading("How the extractor scored the units");
        Add(new Figure("unit-scores.png", Histogram(scores, kept, extractor),
            "The distribution of the extractor's per-unit scores, kept units and dropped units stacked: a subnet picked by a clear cut shows two separate humps."));
        if (At(m, "truth") is JsonObject)
        {
            html.Heading("Against the planted truth");
            html.Table(["true units", "truth size", "precision", "recall", "F1", "ROC-AUC of the unit scores"],
                [[((int)f.Number(m, "truth.units")).ToString(System.Globalization.CultureInfo.InvariantCulture), F3(f.Number(m, "truth.size")), F3(f.Number(m, "truth.precision")),
                  F3(f.Number(m, "truth.recall")), F3(f.Number(m, "truth.f1")), F3(f.Number(m, "truth.auc"))]]);
            if (truthPaths is not null)
                Add(new Figure("roc.png", Roc(scores, truthPaths, f.Number(m, "truth.auc")),
                    "ROC curve of the per-unit scores against the planted truth: how well ranking the units by score separates the task's true units from the rest."));
        }
        if (At(m, "config") is JsonNode config)
            html.Details("The resolved configuration of this extraction", config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return new Report(title, html.ToString(), figures);
    }

    private static UnitId Unit(JsonFields f, string path, string field) =>
        UnitId.TryParse(path, out var id) ? id : throw SubxException.Bad(f.File, field, "unit paths such as `layers.0.mlp[3]` or `layers.2.attn.head[5]`", $"'{path}'");

    private static byte[] ScoreBars(IReadOnlyList<(string Label, double Value, Color Color)> rows)
    {
        var plot = Plots.New("Scores after fine-tuning", "score (0 chance, 1 perfect)");
        // Top to bottom in the order given: the first row at the highest position.
        var bars = rows.Select((r, i) => new Bar
        {
            Position = rows.Count - i, Value = r.Value, FillColor = r.Color, LineWidth = 0, Label = F3(r.Value),
        }).ToList();
        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        series.ValueLabelStyle.FontName = Plots.FontName;
        Plots.Ticks(plot.Axes.Left, [.. bars.Select(b => b.Position)], [.. rows.Select(r => r.Label)]);
        double lo = Math.Min(0, rows.Min(r => r.Value)), hi = Math.Max(1, rows.Max(r => r.Value));
        plot.Axes.SetLimitsX(lo, hi + 0.08);
        plot.Add.VerticalLine(0, 1, Colors.Black);
        return Plots.Png(plot, Plots.Width, 90 + 34 * rows.Count);
    }

    private static byte[] CurvePlot(IReadOnlyList<(double Size, double ScoreT, double Random, double MeanD, double Reward)> curve, double own, double noSubnet, double? probe)
    {
        // Sizes a decade or more apart are drawn on a log axis, ticked at the sizes themselves.
        bool log = curve.Count > 1 && curve[0].Size > 0 && curve[^1].Size >= 10 * curve[0].Size;
        double X(double size) => log ? Math.Log10(size) : size;
        var plot = Plots.New("Score and reward against size", $"size (fraction of the host's unit parameters{(log ? ", log scale" : "")})", "score (0 chance, 1 perfect)");
        double[] x = [.. curve.Select(c => X(c.Size))];
        void Line(double[] y, Color color, string label, LinePattern pattern)
        {
            var line = plot.Add.ScatterLine(x, y, color);
            line.LineWidth = 2; line.MarkerSize = 7; line.LinePattern = pattern; line.LegendText = label;
        }
        Line([.. curve.Select(c => c.ScoreT)], Plots.Subnet, "T: the subnet", LinePattern.Solid);
        Line([.. curve.Select(c => c.Random)], Plots.Control, "T: random units, same size", LinePattern.Solid);
        Line([.. curve.Select(c => c.MeanD)], Plots.Distractor, "mean distractor", LinePattern.Solid);
        Line([.. curve.Select(c => c.Reward)], Colors.Black, "reward", LinePattern.Dashed);
        var none = plot.Add.HorizontalLine(noSubnet, 1, Plots.Control, LinePattern.Dotted);
        none.LegendText = "T: no subnet";
        if (probe is double p)
        {
            var whole = plot.Add.HorizontalLine(p, 1, Plots.Reference, LinePattern.Dotted);
            whole.LegendText = "T: whole-model probe";
        }
        if (own > 0) plot.Add.VerticalLine(X(own), 1, Colors.Black, LinePattern.Dotted); // an empty subnet has no place on a log axis
        if (log) Plots.Ticks(plot.Axes.Bottom, x, [.. curve.Select(c => c.Size.ToString("G2", System.Globalization.CultureInfo.InvariantCulture))]);
        plot.ShowLegend(Edge.Right); // beside the plot: inside it would cover a curve
        return Plots.Png(plot, Plots.Width + 200);
    }

    private static byte[] HeadGrid(List<(UnitId Id, double Score)> scores, HashSet<UnitId> kept)
    {
        var heads = scores.Where(s => s.Id.Kind == UnitKind.AttentionHead).ToList();
        int layers = heads.Max(h => h.Id.Layer) + 1, perLayer = heads.Max(h => h.Id.Index) + 1;
        // The heatmap draws row r at height (rows − 1 − r): layer 0 goes last so that it sits at the bottom, as in a model diagram.
        var grid = new double[layers, perLayer];
        for (int l = 0; l < layers; l++) for (int h = 0; h < perLayer; h++) grid[l, h] = double.NaN;
        foreach (var (id, score) in heads) grid[layers - 1 - id.Layer, id.Index] = score;
        var plot = Plots.New("Attention heads: the extractor's score; squares are kept", "head", "layer");
        var map = plot.Add.Heatmap(grid);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(map).Label = "unit score";
        var mine = heads.Where(h => kept.Contains(h.Id)).ToList();
        if (mine.Count > 0)
            plot.Add.Markers(mine.Select(h => (double)h.Id.Index).ToArray(), mine.Select(h => (double)h.Id.Layer).ToArray(), MarkerShape.OpenSquare, 22, Colors.Black);
        Plots.Ticks(plot.Axes.Left, [.. Enumerable.Range(0, layers).Select(l => (double)l)], [.. Enumerable.Range(0, layers).Select(l => l.ToString())]);
        Plots.Ticks(plot.Axes.Bottom, [.. Enumerable.Range(0, perLayer).Select(h => (double)h)], [.. Enumerable.Range(0, perLayer).Select(h => h.ToString())]);
        return Plots.Png(plot, Plots.Width, 120 + 36 * layers);
    }

    /// <summary>One task's row of the manifest's `knockout`; the "alone" readings are null in files written before they were.</summary>
    private sealed record KnockoutRow(string Task, double Intact, double WithoutSubnet, double[] WithoutRandom, double? OnlySubnet, double[]? OnlyRandom);

    private static byte[] KnockoutBars(IReadOnlyList<KnockoutRow> rows, Ablation ablation)
    {
        var plot = Plots.New($"Knock-out in M: a probe on M's whole output, units {ablation.Participle()}", "task", "probe's score (0 chance, 1 perfect)");
        List<(string Legend, Color Color, Func<KnockoutRow, double> Value)> kinds =
        [
            ("intact M", Plots.Reference, r => r.Intact), ("without the subnet", Plots.Subnet, r => r.WithoutSubnet),
            ("without random units", Plots.Control, r => r.WithoutRandom.Average()),
        ];
        if (rows.All(r => r.OnlySubnet is not null))
            kinds.AddRange([("subnet alone", Plots.Subnet.WithAlpha(0.45), r => r.OnlySubnet!.Value), ("random units alone", Plots.Control.WithAlpha(0.45), r => r.OnlyRandom!.Average())]);
        double width = 0.8 / kinds.Count;
        foreach (var (kind, k) in kinds.Select((x, i) => (x, i)))
            plot.Add.Bars(rows.Select((r, i) => new Bar
            {
                Position = i - 0.4 + width * (k + 0.5), Value = kind.Value(r), Size = width * 0.95, LineWidth = 0, FillColor = kind.Color,
            }).ToList()).LegendText = kind.Legend;
        plot.Legend.Orientation = Orientation.Horizontal; // one row above the bars, which reach 1
        plot.ShowLegend(Alignment.UpperCenter);
        Plots.Ticks(plot.Axes.Bottom, [.. rows.Select((_, i) => (double)i)], [.. rows.Select((r, i) => i == 0 ? $"{r.Task} (T)" : r.Task)]);
        plot.Axes.SetLimitsY(Math.Min(0, rows.Min(r => kinds.Min(k => k.Value(r)))), 1.2);
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        return Plots.Png(plot);
    }

    private static byte[] LayerBars(IReadOnlyList<LayerShare> layout, UnitKind[] kinds)
    {
        var layers = layout.Select(s => s.Layer).Distinct().ToList();
        var plot = Plots.New("Share of each layer the subnet keeps", "layer", "fraction of the layer's units kept");
        double width = 0.8 / kinds.Length;
        foreach (var (kind, k) in kinds.Select((x, i) => (x, i)))
        {
            var bars = layers.Select(l =>
            {
                double share = layout.FirstOrDefault(s => s.Layer == l && s.Kind == kind) is { } s ? (double)s.Kept.Count / s.Total : 0;
                return new Bar { Position = l - 0.4 + width * (k + 0.5), Value = share, Size = width * 0.95, LineWidth = 0, FillColor = k == 0 ? Plots.Subnet : Plots.Reference };
            }).ToList();
            var series = plot.Add.Bars(bars);
            series.LegendText = kind == UnitKind.AttentionHead ? "attention heads" : kinds.Length > 1 ? "MLP neurons" : "units";
        }
        if (kinds.Length > 1) plot.ShowLegend(Alignment.UpperRight);
        Plots.Ticks(plot.Axes.Bottom, [.. layers.Select(l => (double)l)], [.. layers.Select(l => l.ToString())]);
        plot.Axes.Margins(bottom: 0);
        return Plots.Png(plot);
    }

    /// <summary>
    /// Counts of <paramref name="values"/> in <paramref name="bins"/> equal bins over their range, for
    /// the units kept and the units dropped apart; each bin with its centre and width. All values equal:
    /// one bin of width 1 centred on them.
    /// </summary>
    internal static (double Centre, double Width, int Kept, int Dropped)[] Bins(IReadOnlyList<(double Value, bool Kept)> values, int bins)
    {
        double lo = values.Min(v => v.Value), hi = values.Max(v => v.Value);
        if (hi == lo) return [(lo, 1, values.Count(v => v.Kept), values.Count(v => !v.Kept))];
        double step = (hi - lo) / bins;
        var result = Enumerable.Range(0, bins).Select(b => (Centre: lo + step * (b + 0.5), Width: step, Kept: 0, Dropped: 0)).ToArray();
        foreach (var (value, kept) in values)
        {
            int b = Math.Min(bins - 1, (int)((value - lo) / step));
            if (kept) result[b].Kept++; else result[b].Dropped++;
        }
        return result;
    }

    private static byte[] Histogram(List<(UnitId Id, double Score)> scores, HashSet<UnitId> kept, string extractor)
    {
        var finite = scores.Where(s => double.IsFinite(s.Score)).Select(s => (s.Score, kept.Contains(s.Id))).ToList();
        var plot = Plots.New($"Per-unit scores of {extractor}", "unit score", "units");
        if (finite.Count == 0) return Plots.Png(plot);
        // Stacked: dropped at the bottom, kept on top.
        var bars = new List<Bar>();
        foreach (var (x, width, mine, dropped) in Bins(finite, 40))
        {
            if (dropped > 0) bars.Add(new Bar { Position = x, Value = dropped, Size = width * 0.95, FillColor = Plots.Dropped, LineWidth = 0 });
            if (mine > 0) bars.Add(new Bar { Position = x, ValueBase = dropped, Value = dropped + mine, Size = width * 0.95, FillColor = Plots.Subnet, LineWidth = 0 });
        }
        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "kept", FillColor = Plots.Subnet });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "dropped", FillColor = Plots.Dropped });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(bottom: 0);
        return Plots.Png(plot);
    }

    /// <summary>
    /// The ROC curve of <paramref name="scores"/> against whether each unit is true: (false positive rate,
    /// true positive rate) from (0, 0) to (1, 1), units taken by descending score; units of equal score
    /// enter together, so the curve crosses a tie diagonally, as ROC-AUC counts ties half.
    /// </summary>
    internal static (double Fpr, double Tpr)[] RocPoints(IReadOnlyList<(double Score, bool True)> scores)
    {
        var order = scores.OrderByDescending(s => s.Score).ToList();
        int positives = order.Count(s => s.True), negatives = order.Count - positives;
        var points = new List<(double, double)> { (0, 0) };
        int tp = 0, fp = 0;
        for (int i = 0; i < order.Count; i++)
        {
            if (order[i].True) tp++; else fp++;
            if (i + 1 < order.Count && order[i + 1].Score == order[i].Score) continue;
            points.Add((negatives == 0 ? 0 : (double)fp / negatives, positives == 0 ? 0 : (double)tp / positives));
        }
        return [.. points];
    }

    private static byte[] Roc(List<(UnitId Id, double Score)> scores, HashSet<UnitId> truth, double auc)
    {
        var points = RocPoints([.. scores.Select(s => (s.Score, truth.Contains(s.Id)))]);
        var plot = Plots.New($"Unit scores against the truth: ROC-AUC {F3(auc)}", "false positive rate", "true positive rate");
        var curve = plot.Add.ScatterLine(points.Select(p => p.Fpr).ToArray(), points.Select(p => p.Tpr).ToArray(), Plots.Subnet);
        curve.LineWidth = 2;
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = Plots.Control; chance.LinePattern = LinePattern.Dashed;
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        return Plots.Png(plot, 480, 440);
    }
}
