using System.Text.Json.Nodes;
using Subx.Reports;
using Subx.Runs;

namespace Subx.Tests.Reports;

public class TrainReportTests
{
    [Fact]
    public void TheMovingAverageAveragesTheLastWindowAndFewerAtTheStart()
    {
        Assert.Equal([1, 1.5, 2, 3, 4], TrainReport.MovingAverage([1, 2, 3, 4, 5], 3));
        Assert.Equal([1, 2, 3], TrainReport.MovingAverage([1, 2, 3], 1));
    }

    [Fact]
    public void ARunGetsItsCurvesAndTheTruthOnlyWhenItWasLogged()
    {
        var r = TrainReport.Build(Manifests.Metrics(40, truth: true), "run/metrics.jsonl");
        Assert.Equal("SE training: 40 iterations (to iteration 40)", r.Title);
        // Reward = iteration / 100: the last ten average 0.355, the first ten 0.055.
        Assert.Contains("Mean reward of the last 10 iterations: 0.355 (first 10: 0.055).", r.Html);
        Assert.Contains("Tasks: linear0, mlp1.", r.Html);
        Assert.Equal(["reward.png", "size.png", "entropy.png", "truth.png"], r.Figures.Select(f => f.FileName));
        Assert.Equal(["reward.png", "size.png", "entropy.png"], TrainReport.Build(Manifests.Metrics(5, truth: false), "m").Figures.Select(f => f.FileName));
    }

    [Fact]
    public void TheZeroShotTableIsShownWhenTheRunHasOne()
    {
        var zeroShot = new JsonObject
        {
            ["iteration"] = 40, ["threshold"] = "p > 0.5",
            ["tasks"] = new JsonArray(new JsonObject { ["task"] = "mlp4", ["kind"] = "mlp", ["role"] = "held out", ["auc"] = 0.993, ["f1"] = 0.94, ["size"] = 0.153 }),
        };
        var r = TrainReport.Build(Manifests.Metrics(12, truth: true), "m", zeroShot.ToJsonString(), "run/zero-shot.json");
        Assert.Contains("<td>mlp4</td><td>mlp</td><td>held out</td><td class=\"n\">0.993</td><td class=\"n\">0.940</td><td class=\"n\">0.153</td>", r.Html);
    }

    [Fact]
    public void ABadLineIsNamedByItsNumber()
    {
        string metrics = Manifests.Metrics(3, truth: false).Replace("\"charts/entropy\":0.4", "\"charts/entropy\":null");
        var e = Assert.Throws<SubxException>(() => TrainReport.Build(metrics, "run/metrics.jsonl"));
        Assert.Equal("run/metrics.jsonl, line 1: charts/entropy: expected a number, found nothing.", e.Message);
        Assert.Equal("run/metrics.jsonl: (file): expected one line of metrics per training iteration, found no lines.",
            Assert.Throws<SubxException>(() => TrainReport.Build("\n", "run/metrics.jsonl")).Message);
    }
}

public class BenchReportTests
{
    [Fact]
    public void TheSeMarginOverTheBestBaselineIsPairedByFineTune()
    {
        var r = BenchReport.Build(Manifests.Bench().ToJsonString(), "bench.json");
        Assert.Equal("Bench: 3 extractors on 2 tasks of a zoo", r.Title);
        Assert.Equal(["rewards.png", "margins.png", "auc.png"], r.Figures.Select(f => f.FileName));
        // linear0: se 0.81 against mask 0.80, the repeats' differences 0.01, 0.02, 0.00.
        var linear = RewardMargin.OverBest("linear0", [("mask", 0.80, [0.79, 0.80, 0.81]), ("attribution", 0.71, [0.70, 0.71, 0.72]), ("se", 0.81, [0.80, 0.82, 0.81])], "se", ["mask", "attribution"]);
        Assert.Equal((0.010, 0.006), (Math.Round(linear.Difference, 3), Math.Round(linear.StandardError, 3)));
        Assert.Contains("<td>se</td><td>linear0</td><td>mask</td><td class=\"n\">+0.010 ± 0.006</td><td>yes</td><td>no</td>", r.Html);
        // mlp1: the mask (0.65) is the best baseline; se (0.61) is behind by 0.04, every repeat by 0.03-0.05.
        Assert.Contains("<td>se</td><td>mlp1</td><td>mask</td><td class=\"n\">−0.040 ± 0.006</td><td>no</td><td>behind</td>", r.Html);
        // The SE's own row is set in bold in each task's table.
        Assert.Contains("<tr class=\"b\"><td>se</td>", r.Html);
    }

    [Fact]
    public void ATextBenchShowsTheControlsAndTheProbeInsteadOfTheTruth()
    {
        var r = BenchReport.Build(Manifests.Bench(zoo: false).ToJsonString(), "bench.json");
        Assert.Equal("Bench: 3 extractors on 2 tasks", r.Title);
        Assert.Equal(["rewards.png", "margins.png"], r.Figures.Select(f => f.FileName));
        Assert.Contains("<h2>linear0 (whole-model probe 0.745)</h2>", r.Html);
        Assert.Contains("<th>no subnet</th>", r.Html);
        Assert.DoesNotContain("ROC-AUC", r.Html);
    }

    [Fact]
    public void ABenchWithoutTheSeHasNoMargins()
    {
        var bench = Manifests.Bench();
        foreach (var t in bench["tasks"]!.AsArray()) t!["extractors"]!.AsArray().RemoveAt(2);
        Assert.Equal(["rewards.png", "auc.png"], BenchReport.Build(bench.ToJsonString(), "b.json").Figures.Select(f => f.FileName));
    }

    [Fact]
    public void AnEmptyBenchIsRefused()
    {
        Assert.Equal("b.json: tasks: expected at least one task, found none.",
            Assert.Throws<SubxException>(() => BenchReport.Build("{\"tasks\":[]}", "b.json")).Message);
        Assert.Equal("b.json: tasks: expected an array, found nothing.",
            Assert.Throws<SubxException>(() => BenchReport.Build("{}", "b.json")).Message);
    }
}
