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
        foreach (var f in Build(Manifests.Extraction(heads: 2, truth: true)).Figures)
        {
            using var bitmap = Manifests.Decode(f.Png);
            Assert.InRange(bitmap.Width, 400, 1000);
            Assert.InRange(bitmap.Height, 150, 800);
        }
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
