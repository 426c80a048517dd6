namespace Subx.Tests.Cli;

[Collection(TinyZooCollection.Name)]
public class ReportCommandTests(TinyZoo zoo)
{
    [Fact]
    public void MakesAnExtractionsReportAgainFromItsFolder()
    {
        string dir = zoo.Scratch("report");
        Assert.Equal(0, CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear1", "--extractor", "magnitude", "--size", "0.4", "--out", dir).ExitCode);
        string page = Path.Combine(dir, "report.html");
        File.Delete(page);
        foreach (var png in Directory.GetFiles(dir, "*.png")) File.Delete(png);
        string elsewhere = Path.Combine(zoo.Scratch("report-out"), "page.html");
        var r = CliRunner.Run("report", dir, "--out", elsewhere);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"report: {elsewhere} (5 figures, also as scores.png, knockout.png, layers.png, unit-scores.png, roc.png in {dir})", r.Out.TrimEnd());
        Assert.Contains("magnitude on linear1", File.ReadAllText(elsewhere));
        Assert.False(File.Exists(page));
        Assert.Equal(["knockout.png", "layers.png", "roc.png", "scores.png", "unit-scores.png"], Directory.GetFiles(dir, "*.png").Select(Path.GetFileName).Order());

        // The page may replace a page, never a file it is made from.
        string manifest = Path.Combine(dir, "subnet.json"), before = File.ReadAllText(manifest);
        var over = CliRunner.Run("report", dir, "--out", manifest);
        Assert.Equal(2, over.ExitCode);
        Assert.Contains($"error: --out: expected a new file or an HTML page to replace, found '{manifest}'", over.Err);
        Assert.Equal(before, File.ReadAllText(manifest));
        Assert.Equal(0, CliRunner.Run("report", dir, "--out", elsewhere).ExitCode); // an old page is replaced
    }

    [Fact]
    public void AReportThatCannotBeWrittenIsAWarningAndTheExtractionStands()
    {
        // A folder where the page would go: the report fails after subnet.json is written.
        string dir = zoo.Scratch("report-blocked");
        Directory.CreateDirectory(Path.Combine(dir, "report.html"));
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear1", "--extractor", "magnitude", "--size", "0.4", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(Path.Combine(dir, "subnet.json")));
        Assert.Contains($"warning: the report was not written (", r.Err);
        Assert.Contains($"`subx report {dir}` makes it from the files.", r.Err);
        Assert.StartsWith($"wrote {Path.Combine(dir, "subnet.json")}: ", r.Out.TrimEnd().Split('\n')[^1]); // the summary line still comes
    }

    [Fact]
    public void ABenchFileOfAnyNameGetsItsReportBesideIt()
    {
        string json = Path.Combine(zoo.Scratch("report-bench"), "results");
        var r = CliRunner.Run("bench", "--host", zoo.Dir, "--extractors", "magnitude", "--json", json);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"report: {json}.html (3 figures inline)", r.Out);
        Assert.True(File.Exists(json));
    }

    [Fact]
    public void APathOfNoKnownKindIsABadInputNamedInTheError()
    {
        string empty = zoo.Scratch("report-empty");
        Directory.CreateDirectory(empty);
        var r = CliRunner.Run("report", empty);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: {empty}: expected an extraction folder (with subnet.json", r.Err);
        Assert.Empty(Directory.GetFiles(empty));

        var missing = CliRunner.Run("report");
        Assert.Equal(2, missing.ExitCode);
    }
}
