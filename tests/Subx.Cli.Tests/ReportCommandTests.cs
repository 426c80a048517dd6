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
        string elsewhere = Path.Combine(zoo.Scratch("report-out"), "page.html");
        var r = CliRunner.Run("report", dir, "--out", elsewhere);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"report: {elsewhere} (4 figures, also as scores.png, layers.png, unit-scores.png, roc.png in {dir})", r.Out.TrimEnd());
        Assert.Contains("magnitude on linear1", File.ReadAllText(elsewhere));
        Assert.False(File.Exists(page));
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
