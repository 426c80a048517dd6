using System.Text.Json.Nodes;
using Subx.Reports;

namespace Subx.Tests.Reports;

public class ExtractReportTests
{
    private static Report Build(JsonObject manifest) => ExtractReport.Build(manifest.ToJsonString(), "runs/x/subnet.json");

    [Fact]
    public void TheSummaryTablesAndLayoutComeFromTheManifest()
    {
        var r = Build(Manifests.Extraction());
        Assert.Equal("mask on linear0: 3 of 8 units, size 0.380", r.Title);
        Assert.Contains("Reward 0.434 ± 0.006 = score on T 0.774 − a·distractors 0.150 − b·size 0.190.", r.Html);
        Assert.Contains("the mean of 3 fine-tunes", r.Html);
        Assert.Contains("Distractors: mlp1, parity.v2.", r.Html); // a name with a dot is a name, not a path
        // The score table: T with the subnet (bold), its controls, then each distractor.
        Assert.Contains("<tr class=\"b\"><td>linear0 (T)</td><td>the subnet</td><td class=\"n\">0.774</td></tr>", r.Html);
        Assert.Contains("<td>linear0 (T)</td><td>random units, same size</td><td class=\"n\">0.021</td>", r.Html);
        Assert.Contains("<td>parity.v2</td><td>the subnet</td><td class=\"n\">0.005</td>", r.Html);
        // Layer by layer: layer 1 keeps its neurons 1-3 (scores 0.25, 0.5, 0.75 > 0.2), layer 0 none.
        Assert.Contains("<td class=\"n\">0</td><td>0 of 4 (0.0%)</td>", r.Html);
        Assert.Contains("<td class=\"n\">1</td><td>3 of 4 (75.0%)</td>", r.Html);
        Assert.DoesNotContain("whole model", r.Html);
        Assert.Equal(["scores.png", "layers.png", "unit-scores.png"], r.Figures.Select(f => f.FileName));
    }

    [Fact]
    public void AHostWithHeadsGetsTheHeadGridAndWhichHeadsAreKept()
    {
        var m = Manifests.Extraction(heads: 2, keepAbove: 0.6);
        m["wholeModelProbe"] = 0.745;
        var r = Build(m);
        Assert.Equal(["scores.png", "heads.png", "layers.png", "unit-scores.png"], r.Figures.Select(f => f.FileName));
        // Layer 1: head 1 (0.75) and all four neurons (1.0-1.75) are above 0.6; head 0 (0.5) is not.
        Assert.Contains("<td class=\"n\">1</td><td>1 of 2: 1</td><td>4 of 4 (100.0%)</td>", r.Html);
        Assert.Contains("<td class=\"n\">0</td><td>0 of 2</td><td>0 of 4 (0.0%)</td>", r.Html);
        Assert.Contains("<td>whole model (linear probe)</td><td class=\"n\">0.745</td>", r.Html);
    }

    [Fact]
    public void AZooTaskIsJudgedAgainstItsTruthWithAnRocCurve()
    {
        var r = Build(Manifests.Extraction(truth: true));
        Assert.Contains("Against the planted truth", r.Html);
        Assert.Contains("<td class=\"n\">0.857</td><td class=\"n\">NaN</td>", r.Html); // F1, then an AUC written as "NaN"
        Assert.Equal("roc.png", r.Figures[^1].FileName);
    }

    [Fact]
    public void EveryFigureIsAPngOfTheSizeItWasDrawnAt()
    {
        var m = Manifests.Extraction(heads: 2, truth: true);
        var sizes = Build(m).Figures.ToDictionary(f => f.FileName, f => { using var b = Manifests.Decode(f.Png); return (b.Width, b.Height); });
        Assert.Equal((720, 90 + 34 * 6), sizes["scores.png"]); // T, its three controls, two distractors
        Assert.Equal((720, 120 + 36 * 2), sizes["heads.png"]); // two layers
        Assert.Equal((720, 400), sizes["layers.png"]);
        Assert.Equal((720, 400), sizes["unit-scores.png"]);
        Assert.Equal((480, 440), sizes["roc.png"]);
    }

    [Fact]
    public void FiguresReadTheSameInEveryCulture()
    {
        // ScottPlot writes tick labels in the current culture; ours are drawn in the invariant one.
        var m = Manifests.Extraction(heads: 2, truth: true);
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            var invariant = Build(m).Figures;
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var german = Build(m).Figures;
            Assert.Equal(invariant.Select(f => f.Png), german.Select(f => f.Png));
        }
        finally { System.Globalization.CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void HistogramBinsCountKeptAndDroppedUnitsOverTheirRange()
    {
        var bins = ExtractReport.Bins([(0.0, false), (0.1, false), (0.95, true), (1.0, true)], 4);
        Assert.Equal([0.125, 0.375, 0.625, 0.875], bins.Select(b => b.Centre));
        Assert.All(bins, b => Assert.Equal(0.25, b.Width));
        Assert.Equal([(0, 2), (0, 0), (0, 0), (2, 0)], bins.Select(b => (b.Kept, b.Dropped)));
        // All scores equal (a task-blind extractor): one bin centred on them.
        Assert.Equal([(3.0, 1.0, 1, 2)], ExtractReport.Bins([(3.0, true), (3.0, false), (3.0, false)], 40));
    }

    [Fact]
    public void TheRocCurveRunsFromTheOriginToOneOneAndCrossesTiesDiagonally()
    {
        // Scores 4 (true), 3 (false), 2 and 2 (one true, one false: a tie), 1 (false).
        var points = ExtractReport.RocPoints([(4, true), (3, false), (2, true), (2, false), (1, false)]);
        Assert.Equal([(0.0, 0.0), (0.0, 0.5), (1.0 / 3, 0.5), (2.0 / 3, 1.0), (1.0, 1.0)], points);
    }

    [Fact]
    public void NothingKeptOrEverythingKeptStillMakesAReport()
    {
        foreach (double keepAbove in new[] { 99.0, -99.0 })
        {
            var r = Build(Manifests.Extraction(heads: 2, keepAbove: keepAbove));
            Assert.Equal(4, r.Figures.Count);
            Assert.Contains(keepAbove > 0 ? "0 of 12 units" : "12 of 12 units", r.Title);
        }
    }

    private static JsonObject Point(double size, double scoreT, double reward) => new()
    {
        ["budget"] = size, ["size"] = size, ["units"] = (int)(size * 100), ["scoreT"] = scoreT, ["randomUnits"] = 0.2,
        ["distractors"] = new JsonObject { ["mlp1"] = 0.1, ["parity.v2"] = 0.3 }, ["reward"] = reward, ["rewardStdError"] = 0.004,
    };

    [Fact]
    public void ASizeCurveGetsItsFigureAndTable()
    {
        var m = Manifests.Extraction();
        m["sizeCurve"] = new JsonArray(Point(0.01, 0.5, 0.3), Point(0.38, 0.774, 0.434));
        var r = Build(m);
        Assert.Equal(["scores.png", "size-curve.png", "layers.png", "unit-scores.png"], r.Figures.Select(f => f.FileName));
        Assert.Contains("The same ranking at other sizes", r.Html);
        // One row per size: its units, T, random units, the distractors' mean, the reward with its error.
        Assert.Contains("<td class=\"n\">0.010</td><td class=\"n\">1</td><td class=\"n\">0.500</td><td class=\"n\">0.200</td><td class=\"n\">0.200</td><td class=\"n\">0.300 ± 0.004</td>", r.Html);
        using var png = Manifests.Decode(r.Figures[1].Png);
        Assert.Equal((920, 400), (png.Width, png.Height));
        // Without the field the report has neither.
        Assert.DoesNotContain("The same ranking at other sizes", Build(Manifests.Extraction()).Html);
    }

    [Fact]
    public void AnEmptySubnetsCurveOverADecadeIsStillDrawn()
    {
        // An extractor choosing its own size may keep nothing; the curve's log axis has no place for size 0.
        var m = Manifests.Extraction(keepAbove: 99);
        m["size"] = 0;
        m["sizeCurve"] = new JsonArray(Point(0.5, 0.7, 0.2), Point(0.01, 0.5, 0.3)); // out of order: drawn by size
        var r = Build(m);
        Assert.Contains("size-curve.png", r.Figures.Select(f => f.FileName));
        Assert.True(r.Html.IndexOf("0.300 ± 0.004", StringComparison.Ordinal) < r.Html.IndexOf("0.200 ± 0.004", StringComparison.Ordinal));
    }

    [Fact]
    public void ASizeCurvePointWithoutItsRewardIsNamed()
    {
        var m = Manifests.Extraction();
        var point = Point(0.1, 0.5, 0.3);
        point.Remove("reward");
        m["sizeCurve"] = new JsonArray(Point(0.05, 0.4, 0.2), point);
        var e = Assert.Throws<SubxException>(() => Build(m));
        Assert.Equal("runs/x/subnet.json: sizeCurve[1].reward: expected a number, found nothing.", e.Message);
    }

    private static JsonObject Knocked(string task, double intact, double without, params double[] random) => new()
    {
        ["task"] = task, ["intact"] = intact, ["withoutSubnet"] = without, ["withoutRandom"] = new JsonArray([.. random.Select(v => (JsonNode)JsonValue.Create(v))]),
    };

    [Fact]
    public void AKnockoutGetsItsFigureAndTable()
    {
        var m = Manifests.Extraction();
        m["knockout"] = new JsonObject
        {
            ["randomDraws"] = 2,
            ["tasks"] = new JsonArray(Knocked("linear0", 0.97, 0.12, 0.8, 0.9), Knocked("mlp1", 0.92, 0.9, 0.85, 0.87)),
        };
        var r = Build(m);
        Assert.Equal(["scores.png", "knockout.png", "layers.png", "unit-scores.png"], r.Figures.Select(f => f.FileName));
        Assert.Contains("Knock-out in M", r.Html);
        // A file written before the knock-out read the subnet alone (zeroed, three columns). T first and
        // marked, then each distractor: intact, without the subnet, random units' mean and range.
        Assert.Contains("<tr class=\"b\"><td>linear0 (T)</td><td class=\"n\">0.970</td><td class=\"n\">0.120</td><td>0.850 (0.800–0.900)</td></tr>", r.Html);
        Assert.Contains("<td>mlp1</td><td class=\"n\">0.920</td><td class=\"n\">0.900</td><td>0.860 (0.850–0.870)</td>", r.Html);
        using var png = Manifests.Decode(r.Figures[1].Png);
        Assert.Equal((720, 400), (png.Width, png.Height));
        Assert.DoesNotContain("Knock-out in M", Build(Manifests.Extraction()).Html);
    }

    [Fact]
    public void AKnockoutWithTheSubnetAloneGetsItsColumns()
    {
        var m = Manifests.Extraction();
        JsonObject Alone(JsonObject k, double only, params double[] random)
        {
            k["onlySubnet"] = only;
            k["onlyRandom"] = new JsonArray([.. random.Select(v => (JsonNode)JsonValue.Create(v))]);
            return k;
        }
        m["knockout"] = new JsonObject
        {
            ["ablation"] = "mean", ["randomDraws"] = 2,
            ["tasks"] = new JsonArray(Alone(Knocked("linear0", 0.97, 0.12, 0.8, 0.9), 0.95, 0.1, 0.3), Alone(Knocked("mlp1", 0.92, 0.9, 0.85, 0.87), 0.02, 0, 0.04)),
        };
        var r = Build(m);
        Assert.Contains("mean-ablated", r.Html);
        Assert.Contains("<td>linear0 (T)</td><td class=\"n\">0.970</td><td class=\"n\">0.120</td><td>0.850 (0.800–0.900)</td><td class=\"n\">0.950</td><td>0.200 (0.100–0.300)</td></tr>", r.Html);
        Assert.Contains("<td>mlp1</td><td class=\"n\">0.920</td><td class=\"n\">0.900</td><td>0.860 (0.850–0.870)</td><td class=\"n\">0.020</td><td>0.020 (0.000–0.040)</td>", r.Html);
        using (var png = Manifests.Decode(r.Figures[1].Png)) Assert.Equal((720, 400), (png.Width, png.Height));

        m["knockout"]!["ablation"] = "half";
        var e = Assert.Throws<SubxException>(() => Build(m));
        Assert.Equal("runs/x/subnet.json: knockout.ablation: expected mean, resample or zero, found 'half'.", e.Message);
        m["knockout"]!["ablation"] = "resample";
        Assert.Contains("resample-ablated", Build(m).Html);
        m["knockout"]!["ablation"] = "zero";
        m["knockout"]!["tasks"]![1]!["onlyRandom"] = new JsonArray();
        e = Assert.Throws<SubxException>(() => Build(m));
        Assert.Equal("runs/x/subnet.json: knockout.tasks[1].onlyRandom: expected the probe's score for at least one random draw, found an empty array.", e.Message);
        // Rows with the subnet-alone readings and rows without them do not mix.
        m["knockout"]!["tasks"]![1]!.AsObject().Remove("onlySubnet");
        e = Assert.Throws<SubxException>(() => Build(m));
        Assert.Equal("runs/x/subnet.json: knockout.tasks[1].onlySubnet: expected a number, as tasks[0] has, found nothing.", e.Message);
    }

    [Fact]
    public void AKnockoutWithoutRandomDrawsIsNamed()
    {
        var m = Manifests.Extraction();
        m["knockout"] = new JsonObject { ["randomDraws"] = 0, ["tasks"] = new JsonArray(Knocked("linear0", 0.97, 0.12, 0.8), Knocked("mlp1", 0.9, 0.9)) };
        var e = Assert.Throws<SubxException>(() => Build(m));
        Assert.Equal("runs/x/subnet.json: knockout.tasks[1].withoutRandom: expected the probe's score for at least one random draw, found an empty array.", e.Message);
    }

    [Fact]
    public void TextFromTheFileIsEscaped()
    {
        var r = Build(Manifests.Extraction(task: "<script>alert(1)</script>"));
        Assert.DoesNotContain("<script>", r.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", r.Html);
    }

    [Fact]
    public void AMissingFieldIsNamedWithItsFile()
    {
        var m = Manifests.Extraction();
        m["reward"]!.AsObject().Remove("total");
        var e = Assert.Throws<SubxException>(() => Build(m));
        Assert.Equal("runs/x/subnet.json: reward.total: expected a number, found nothing.", e.Message);
    }

    [Fact]
    public void AUnitScoreThatIsNotANumberIsNamedByItsUnit()
    {
        var m = Manifests.Extraction();
        m["unitScores"]!["layers.0.mlp[2]"] = "high";
        var e = Assert.Throws<SubxException>(() => Build(m));
        Assert.Equal("runs/x/subnet.json: unitScores[\"layers.0.mlp[2]\"]: expected a number, found the string 'high'.", e.Message);
    }

    [Fact]
    public void AKeptUnitWithoutAScoreOrAPathThatIsNotAUnitIsRefused()
    {
        var m = Manifests.Extraction();
        m["units"]!.AsArray().Add("layers.7.mlp[0]");
        Assert.Equal("runs/x/subnet.json: units: expected units that unitScores lists too, found 'layers.7.mlp[0]', which it does not.",
            Assert.Throws<SubxException>(() => Build(m)).Message);
        m = Manifests.Extraction();
        m["units"]!.AsArray().Add("layer 7");
        Assert.Contains("units: expected unit paths such as `layers.0.mlp[3]`", Assert.Throws<SubxException>(() => Build(m)).Message);
    }

    [Fact]
    public void NotJsonIsAnError()
    {
        var e = Assert.Throws<SubxException>(() => ExtractReport.Build("{\"task\": ", "x/subnet.json"));
        Assert.StartsWith("x/subnet.json: expected JSON, found a syntax error", e.Message);
    }
}
