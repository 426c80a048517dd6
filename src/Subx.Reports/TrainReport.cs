using System.Text.Json.Nodes;
using ScottPlot;
using Subx.Runs;
using static Subx.Reports.JsonFields;

namespace Subx.Reports;

/// <summary>
/// The report of an SE training run, built from its folder: the reward and its terms over the
/// iterations (each iteration's task in its own colour, with a moving average), the sampled subnets'
/// size against the size penalty b, the policy's entropy, and — on a zoo — its ROC-AUC and F1 against
/// the truth; then the zero-shot table, when the run has one.
/// </summary>
public static class TrainReport
{
    /// <summary>
    /// Builds the report of the run whose `metrics.jsonl` is <paramref name="metricsJsonl"/>, read from
    /// <paramref name="file"/>; <paramref name="zeroShot"/> is its `zero-shot.json` when it has one.
    /// </summary>
    public static Report Build(string metricsJsonl, string file, string? zeroShot = null, string? zeroShotFile = null)
    {
        var lines = metricsJsonl.Split('\n').Select((text, i) => (Text: text, Fields: new JsonFields($"{file}, line {i + 1}")))
            .Where(l => l.Text.Trim().Length > 0).ToList();
        // A run killed while appending leaves its last line cut short (MetricsLog appends; a resume drops
        // it): the report of such a run leaves that line out and says so.
        bool cut = lines.Count > 0 && !IsJson(lines[^1].Text);
        if (cut) lines.RemoveAt(lines.Count - 1);
        var rows = lines.Select(l => (Node: l.Fields.Parse(l.Text), l.Fields)).ToList();
        if (rows.Count == 0) throw SubxException.Bad(file, "(file)", "one line of metrics per training iteration", "no complete lines");
        int[] it = [.. rows.Select(r => (int)r.Fields.Number(r.Node, Metric.Iteration))];
        double[] Series(string name) => [.. rows.Select(r => r.Fields.Number(r.Node, name))];
        string[] tasks = [.. rows.Select(r => r.Fields.Text(r.Node, Metric.Task))];
        var reward = Series(Metric.Reward);

        int n = rows.Count, last = Math.Min(Metric.FinalWindow, n);
        string title = $"SE training: {Iterations(n)} (to iteration {it[^1]})";
        var html = new Html(title).Paragraph(
            $"Tasks: {string.Join(", ", tasks.Distinct())}. Mean reward of the last {Iterations(last)}: {F3(reward[^last..].Average())} " +
            $"(first {last}: {F3(reward[..last].Average())}).");
        if (cut) html.Note($"The last line of {file} was cut short (the run stopped while writing it) and is left out.");
        html.Note("Each point is one iteration: the mean reward R = score(T) − a·mean score(D) − b·size − c·overlap of the subnets sampled for that iteration's task T. Lines are moving averages over the iterations.");

        var figures = new List<Figure>();
        void Add(Figure fig) { figures.Add(fig); html.Figure(fig.Png, fig.Caption); }

        Add(new Figure("reward.png", RewardPlot(it, tasks, reward, Series(Metric.ScoreT), Series(Metric.ScoreDistractors)),
            "The reward per iteration, coloured by the iteration's task, with its moving average and those of its two largest terms: the score on T and the mean score on the distractors."));
        Add(new Figure("size.png", SizePlot(it, Series(Metric.Size), Series(Metric.SizePenalty)),
            "The mean size of the sampled subnets (fraction of the host's unit parameters) and the size penalty b in force."));
        Add(new Figure("entropy.png", Line(it, Series(Metric.Entropy), "Policy entropy", "nats per unit", Plots.Subnet),
            "The policy's mean Bernoulli entropy per unit: high while it explores, falling as it commits to a subnet."));
        if (rows[0].Node.ContainsKey(Metric.TruthAuc))
            Add(new Figure("truth.png", TruthPlot(it, Series(Metric.TruthAuc), Series(Metric.TruthF1)),
                "On a zoo, the policy's logits against the planted truth of the iteration's task: ROC-AUC of the ranking, and F1 of the units kept at its own threshold (p > 0.5)."));

        if (zeroShot is not null)
        {
            var z = new JsonFields(zeroShotFile ?? Runs.RunFiles.ZeroShot);
            var table = z.Parse(zeroShot);
            html.Heading("Zero-shot, at the SE's own threshold");
            html.Table(["task", "kind", "role", "ROC-AUC", "F1", "size"], z.Objects(table, "tasks").Select(t => (IReadOnlyList<string>)
                [t.Fields.Text(t.Node, "task"), t.Fields.Text(t.Node, "kind"), t.Fields.Text(t.Node, "role"),
                 F3(t.Fields.Number(t.Node, "auc")), F3(t.Fields.Number(t.Node, "f1")), F3(t.Fields.Number(t.Node, "size"))]));
            html.Note("Each task extracted by one forward pass of the trained policy and judged against its planted truth. A held-out task was never seen in training, neither as a target nor as a distractor.");
        }
        return new Report(title, html.ToString(), figures);
    }

    private static string Iterations(int n) => n == 1 ? "1 iteration" : $"{n} iterations";

    private static bool IsJson(string line)
    {
        try { System.Text.Json.JsonDocument.Parse(line).Dispose(); return true; }
        catch (System.Text.Json.JsonException) { return false; }
    }

    /// <summary>The trailing moving average over <paramref name="window"/> points (fewer at the start).</summary>
    internal static double[] MovingAverage(double[] values, int window)
    {
        var result = new double[values.Length];
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }

    private static int Window(int n) => Math.Clamp(n / 15, 1, 25);

    private static byte[] RewardPlot(int[] it, string[] tasks, double[] reward, double[] scoreT, double[] scoreD)
    {
        var plot = Plots.New("Reward per iteration", "iteration", "reward, score");
        double[] x = [.. it.Select(i => (double)i)];
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (task, k) in tasks.Distinct().Select((t, k) => (t, k)))
        {
            var idx = Enumerable.Range(0, tasks.Length).Where(i => tasks[i] == task).ToArray();
            var points = plot.Add.ScatterPoints(idx.Select(i => x[i]).ToArray(), idx.Select(i => reward[i]).ToArray(), palette.GetColor(k).WithAlpha(0.55));
            points.MarkerSize = 4;
            points.LegendText = task;
        }
        int w = Window(it.Length);
        AddLine(plot, x, MovingAverage(reward, w), Colors.Black, "reward (moving average)", 2.5f);
        AddLine(plot, x, MovingAverage(scoreT, w), Plots.Subnet, "score on T", 1.5f);
        AddLine(plot, x, MovingAverage(scoreD, w), Plots.Distractor, "mean score on the distractors", 1.5f);
        plot.ShowLegend(Edge.Right);
        return Plots.Png(plot, 860, 460);
    }

    private static byte[] SizePlot(int[] it, double[] size, double[] b)
    {
        var plot = Plots.New("Subnet size and the size penalty b", "iteration", "size of the samples");
        double[] x = [.. it.Select(i => (double)i)];
        AddLine(plot, x, size, Plots.Subnet, "size (mean of the samples)", 2);
        var penalty = AddLine(plot, x, b, Plots.Distractor, "size penalty b (right axis)", 1.5f);
        penalty.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "size penalty b";
        plot.Axes.Right.Label.FontName = Plots.FontName;
        plot.Axes.Right.Label.FontSize = 13;
        plot.Axes.SetLimitsY(0, 1.15 * Math.Max(size.Max(), 1e-9), plot.Axes.Left); // a policy that keeps nothing still gets an axis
        plot.Axes.SetLimitsY(0, 1.15 * Math.Max(b.Max(), 1e-9), plot.Axes.Right);
        plot.ShowLegend(Alignment.LowerLeft);
        return Plots.Png(plot);
    }

    private static byte[] TruthPlot(int[] it, double[] auc, double[] f1)
    {
        var plot = Plots.New("Against the planted truth", "iteration", "ROC-AUC, F1");
        double[] x = [.. it.Select(i => (double)i)];
        int w = Window(it.Length);
        AddLine(plot, x, MovingAverage(auc, w), Plots.Subnet, "ROC-AUC (moving average)", 2);
        AddLine(plot, x, MovingAverage(f1, w), Plots.Reference, "F1 at p > 0.5 (moving average)", 2);
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return Plots.Png(plot);
    }

    private static byte[] Line(int[] it, double[] values, string title, string yLabel, Color color)
    {
        var plot = Plots.New(title, "iteration", yLabel);
        AddLine(plot, [.. it.Select(i => (double)i)], values, color, null, 2);
        return Plots.Png(plot);
    }

    private static ScottPlot.Plottables.Scatter AddLine(Plot plot, double[] x, double[] y, Color color, string? legend, float width)
    {
        var line = plot.Add.ScatterLine(x, y, color);
        line.LineWidth = width;
        if (legend is not null) line.LegendText = legend;
        return line;
    }
}
