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
    public void ABadLineIsNamedByItsNumberInTheFile()
    {
        // A blank line does not shift the numbers: the second row is on line 3.
        var lines = Manifests.Metrics(3, truth: false).Split('\n').ToList();
        lines.Insert(1, "");
        lines[2] = lines[2].Replace("\"charts/entropy\":0.4", "\"charts/entropy\":null");
        string metrics = string.Join('\n', lines);
        var e = Assert.Throws<SubxException>(() => TrainReport.Build(metrics, "run/metrics.jsonl"));
        Assert.Equal("run/metrics.jsonl, line 3: charts/entropy: expected a number, found nothing.", e.Message);
        Assert.Equal("run/metrics.jsonl: (file): expected one line of metrics per training iteration, found no complete lines.",
            Assert.Throws<SubxException>(() => TrainReport.Build("\n", "run/metrics.jsonl")).Message);
    }

    [Fact]
    public void ARunKilledWhileWritingItsLastLineIsReportedWithoutIt()
    {
        string metrics = Manifests.Metrics(4, truth: false);
        string cut = metrics[..(metrics.TrimEnd().LastIndexOf('\n') + 30)]; // the fourth line, cut after 29 characters
        var r = TrainReport.Build(cut, "run/metrics.jsonl");
        Assert.Equal("SE training: 3 iterations (to iteration 3)", r.Title);
        Assert.Contains("The last line of run/metrics.jsonl was cut short (the run stopped while writing it) and is left out.", r.Html);
        // A line cut short anywhere else is an error, not something to skip.
        var lines = metrics.Split('\n');
        lines[1] = lines[1][..29];
        Assert.StartsWith("run/metrics.jsonl, line 2: expected JSON", Assert.Throws<SubxException>(() => TrainReport.Build(string.Join('\n', lines), "run/metrics.jsonl")).Message);
    }

    [Fact]
    public void ARunOfOneIterationSaysSo()
    {
        var r = TrainReport.Build(Manifests.Metrics(1, truth: true), "m");
        Assert.Equal("SE training: 1 iteration (to iteration 1)", r.Title);
        Assert.Contains("Mean reward of the last 1 iteration: 0.010", r.Html);
    }

    [Fact]
    public void AZeroShotRowIsNamedByItsPlaceInTheFile()
    {
        var e = Assert.Throws<SubxException>(() => TrainReport.Build(Manifests.Metrics(2, truth: true), "m", """{"tasks":[{"task":"a","kind":"mlp","role":"trained","auc":1,"f1":1}]}""", "run/zero-shot.json"));
        Assert.Equal("run/zero-shot.json: tasks[0].size: expected a number, found nothing.", e.Message);
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
        Assert.Contains("<td>se</td><td>linear0</td><td>mask</td><td class=\"n\">+0.010 ± 0.006</td><td>yes</td><td>no</td>", r.Html);
        // mlp1: the mask (0.65) is the best baseline; se (0.61) is behind by 0.04, every repeat by 0.03-0.05.
        Assert.Contains("<td>se</td><td>mlp1</td><td>mask</td><td class=\"n\">−0.040 ± 0.006</td><td>no</td><td>behind</td>", r.Html);
        // The SE's own row is set in bold in each task's table.
        Assert.Contains("<tr class=\"b\"><td>se</td>", r.Html);
    }

    [Fact]
    public void AZooBenchWithTheKnockoutGetsItsFigureAndColumns()
    {
        var bench = Manifests.Bench();
        foreach (var (row, i) in bench["tasks"]!.AsArray().SelectMany(t => t!["extractors"]!.AsArray()).Select((r, i) => (r!.AsObject(), i)))
            row["knockout"] = new JsonObject { ["ablation"] = "mean", ["intact"] = 0.9, ["withoutSubnet"] = 0.01 * i, ["withoutRandom"] = new JsonArray(0.8),
                ["onlySubnet"] = 0.9 - 0.01 * i, ["onlyRandom"] = new JsonArray(0.1) };
        var r = BenchReport.Build(bench.ToJsonString(), "bench.json");
        Assert.Equal(["rewards.png", "margins.png", "auc.png", "knockout.png"], r.Figures.Select(f => f.FileName));
        // The se row of linear0 is the third row of the file: ablated 0.020, alone 0.880, before the seconds.
        Assert.Contains("<td class=\"n\">0.020</td><td class=\"n\">0.880</td><td class=\"n\">1.500</td></tr>", r.Html);
        Assert.Contains("<th>T in M without it</th><th>T in M, it alone</th>", r.Html);
        // A bench from before the knock-out has neither.
        var old = BenchReport.Build(Manifests.Bench().ToJsonString(), "bench.json");
        Assert.DoesNotContain("knockout.png", old.Figures.Select(f => f.FileName));
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
    public void AHeldOutTaskIsMarkedAndATaskWithoutAnSeRowKeepsTheOthersInPlace()
    {
        var bench = Manifests.Bench();
        bench["tasks"]![0]!["extractors"]!.AsArray().RemoveAt(2); // linear0 has no se row
        bench["tasks"]![1]!["heldOut"] = true;
        var r = BenchReport.Build(bench.ToJsonString(), "b.json");
        Assert.Contains("<h2>mlp1 (held out of the SE's training)</h2>", r.Html);
        Assert.Contains("<td>se</td><td>mlp1</td><td>mask</td>", r.Html);
        Assert.DoesNotContain("<td>se</td><td>linear0</td>", r.Html);

        // A task with the SE's row and no baseline's (a bench of the SE alone there) has no margin either.
        var alone = Manifests.Bench();
        var rows = alone["tasks"]![0]!["extractors"]!.AsArray();
        rows.RemoveAt(1); rows.RemoveAt(0);
        var r2 = BenchReport.Build(alone.ToJsonString(), "b.json");
        Assert.Contains("<td>se</td><td>mlp1</td><td>mask</td>", r2.Html);
        Assert.DoesNotContain("<td>se</td><td>linear0</td>", r2.Html);
    }

    [Fact]
    public void ABadRowIsNamedByItsPlaceAndUnpairedRepeatsAreRefused()
    {
        var bench = Manifests.Bench();
        bench["tasks"]![1]!["extractors"]![2]!.AsObject().Remove("auc");
        Assert.Equal("b.json: tasks[1].extractors[2].auc: expected a number, found nothing.",
            Assert.Throws<SubxException>(() => BenchReport.Build(bench.ToJsonString(), "b.json")).Message);
        bench = Manifests.Bench();
        bench["tasks"]![0]!["extractors"]![1]!["rewardRepeats"]!.AsArray().RemoveAt(0);
        Assert.Equal("b.json: tasks[0].extractors[].rewardRepeats: expected the same number of judge repeats in every row of a task, found 3 for mask, 2 for attribution, 3 for se.",
            Assert.Throws<SubxException>(() => BenchReport.Build(bench.ToJsonString(), "b.json")).Message);
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
