using Subx.Reports;
using SkiaSharp;

namespace Subx.Tests.Reports;

public class PlotsTests
{
    [Fact]
    public void TheShippedFontResolvesRegularAndBoldAndNothingElse()
    {
        Plots.New("register"); // the first plot registers the fonts
        var resolver = ScottPlot.Fonts.FontResolvers[0];
        // Not disposed: the resolver hands out the typefaces every plot of the process draws with.
        var regular = resolver.CreateTypeface(Plots.FontName, bold: false, italic: false);
        var bold = resolver.CreateTypeface(Plots.FontName, bold: true, italic: false);
        Assert.Equal("DejaVu Sans", regular!.FamilyName);
        Assert.Equal(SKFontStyleWeight.Normal, (SKFontStyleWeight)regular.FontStyle.Weight);
        Assert.Equal(SKFontStyleWeight.Bold, (SKFontStyleWeight)bold!.FontStyle.Weight);
        Assert.Null(resolver.CreateTypeface("Comic Sans MS", false, false)); // others go on to the next resolver
    }

    [Fact]
    public void ATitleIsDrawn()
    {
        // A plot with no data: the only ink in the band above the frame is the title's. Without a font the
        // band stays blank, which is how ScottPlot fails on a machine with no fonts.
        static int Ink(string title)
        {
            var plot = Plots.New(title);
            plot.HideGrid();
            plot.Layout.Fixed(new ScottPlot.PixelPadding(left: 40, right: 10, bottom: 30, top: 50)); // the frame never moves into the band
            using var bitmap = Manifests.Decode(Plots.Png(plot, 400, 200));
            int dark = 0;
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < bitmap.Width; x++)
                    if (bitmap.GetPixel(x, y).Red < 128) dark++;
            return dark;
        }
        Assert.Equal(0, Ink(""));
        Assert.True(Ink("Scores after fine-tuning") > 100);
    }
}

public class ReportFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "subx-reports-" + Guid.NewGuid().ToString("N"));

    public ReportFilesTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AnExtractionFolderGetsItsPageAndEveryFigureBesideItsManifest()
    {
        File.WriteAllText(Path.Combine(_dir, "subnet.json"), Manifests.Extraction(truth: true).ToJsonString());
        var target = Subx.Reports.Reports.For(_dir);
        target.Write();
        Assert.Equal(Path.Combine(_dir, "report.html"), target.HtmlPath);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(target.HtmlPath));
        foreach (var f in target.Report.Figures)
            Assert.Equal(f.Png, File.ReadAllBytes(Path.Combine(_dir, f.FileName)));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp")); // every write was atomic: no temporary left behind
    }

    [Fact]
    public void ARunFolderGetsItsTrainingReportWithItsZeroShotTable()
    {
        File.WriteAllText(Path.Combine(_dir, "metrics.jsonl"), Manifests.Metrics(10, truth: true));
        File.WriteAllText(Path.Combine(_dir, "zero-shot.json"), """{"tasks":[{"task":"mlp4","kind":"mlp","role":"held out","auc":0.99,"f1":0.9,"size":0.15}]}""");
        var target = Subx.Reports.Reports.For(_dir);
        Assert.StartsWith("SE training", target.Report.Title);
        Assert.Contains("<td>mlp4</td>", target.Report.Html);
    }

    [Fact]
    public void ABenchFileGetsAPageOfItsNameWithItsFiguresInline()
    {
        string bench = Path.Combine(_dir, "bench.json");
        File.WriteAllText(bench, Manifests.Bench().ToJsonString());
        var target = Subx.Reports.Reports.For(bench);
        target.Write();
        Assert.Equal(Path.Combine(_dir, "bench.html"), target.HtmlPath);
        Assert.Null(target.FigureDir);
        Assert.Equal(["bench.html", "bench.json"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(File.ReadAllText(target.HtmlPath), "data:image/png;base64,"));
        // Whatever the bench file is called, the page never replaces it.
        foreach (var (name, page) in new[] { ("results", "results.html"), ("results.html", "results.html.html") })
        {
            string file = Path.Combine(_dir, name);
            File.WriteAllText(file, Manifests.Bench().ToJsonString());
            Assert.Equal(Path.Combine(_dir, page), Subx.Reports.Reports.ForBench(file).HtmlPath);
        }
    }

    [Fact]
    public void APathOfNoKnownKindIsRefusedByName()
    {
        Assert.Equal($"{_dir}: expected an extraction folder (with subnet.json, as `subx extract` writes) or an SE run folder (with metrics.jsonl, as `subx train` writes), found neither file.",
            Assert.Throws<SubxException>(() => Subx.Reports.Reports.For(_dir)).Message);
        string missing = Path.Combine(_dir, "nope");
        Assert.Equal($"{missing}: expected an extraction folder, an SE run folder or a bench JSON file, found nothing there.",
            Assert.Throws<SubxException>(() => Subx.Reports.Reports.For(missing)).Message);
        string text = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(text, "hi");
        Assert.StartsWith($"{text}: expected JSON, found a syntax error", Assert.Throws<SubxException>(() => Subx.Reports.Reports.For(text)).Message);
    }
}
