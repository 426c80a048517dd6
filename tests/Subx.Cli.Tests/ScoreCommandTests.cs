using System.Text.Json.Nodes;

namespace Subx.Tests.Cli;

[Collection(TinyZooCollection.Name)]
public class ScoreCommandTests(TinyZoo zoo)
{
    private string Manifest => Path.Combine(zoo.ExtractDir, "subnet.json");

    [Fact]
    public void ReproducesTheScoreExtractRecorded()
    {
        // Same host, units, task, budget and seed: the score is deterministic.
        var r = CliRunner.Run("score", "--host", zoo.Dir, "--subnet", Manifest, "--task", "linear0");
        Assert.True(r.ExitCode == 0, r.ToString());
        var m = JsonNode.Parse(File.ReadAllText(Manifest))!;
        string expected = m["scores"]!["task"]!.GetValue<double>().ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"score {expected} on linear0, margin over the best control ", r.Out.TrimEnd().Split('\n')[^1]);
        foreach (var control in new[] { "no subnet", "re-initialised weights", "random units, same size" }) Assert.Contains(control, r.Out);
        Assert.Contains("where the subnet lies, layer by layer:", r.Out);
        // The knock-out in M on the task, as extract made it for T with the same seed.
        Assert.Matches(ExtractCommandTests.KnockoutRow(m["knockout"]!["tasks"]![0]!.AsObject(), isT: true), r.Out);
    }

    [Fact]
    public void ScoresOnAnotherTaskToo()
    {
        // --subnet may name extract's --out folder instead of the subnet.json in it; `zoo/` is the
        // host the subnet was extracted from as `zoo`, so no warning.
        var r = CliRunner.Run("score", "--host", zoo.Dir + Path.DirectorySeparatorChar, "--subnet", zoo.ExtractDir, "--task", "linear1", "--seed", "2");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(" on linear1, margin over the best control ", r.Out);
        Assert.DoesNotContain("warning", r.Out + r.Err);
    }

    [Fact]
    public void WithoutHostTheHostTheManifestRecordsIsRead()
    {
        var r = CliRunner.Run("score", "--subnet", zoo.ExtractDir, "--task", "linear0");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(" on linear0, margin over the best control ", r.Out);
        Assert.DoesNotContain("warning", r.Out + r.Err);
    }

    [Fact]
    public void ASubnetFromAnotherHostIsScoredWithAWarning()
    {
        // Unit names do not tell hosts apart (a zoo's layers.0.mlp[3] is also MiniLM's), so the recorded host is compared.
        string dir = zoo.Scratch("moved");
        Directory.CreateDirectory(dir);
        var m = JsonNode.Parse(File.ReadAllText(Manifest))!;
        m["host"] = "/elsewhere/zoo";
        string moved = Path.Combine(dir, "subnet.json");
        File.WriteAllText(moved, m.ToJsonString());
        var r = CliRunner.Run("score", "--host", zoo.Dir, "--subnet", moved, "--task", "linear0");
        Assert.True(r.ExitCode == 0, r.ToString());
        // On standard error, with the progress, so that standard output holds only the scores.
        Assert.Contains($"warning: {moved} was extracted from host '/elsewhere/zoo'; scoring it on '", r.Err);
        Assert.DoesNotContain("warning", r.Out);
    }

    [Fact]
    public void AUnitTheHostLacksNamesTheFileTheUnitAndTheHostsSize()
    {
        string dir = zoo.Scratch("bad");
        Directory.CreateDirectory(dir);
        var m = JsonNode.Parse(File.ReadAllText(Manifest))!;
        m["units"]!.AsArray().Add("layers.1.mlp[99]");
        string bad = Path.Combine(dir, "subnet.json");
        File.WriteAllText(bad, m.ToJsonString());
        var r = CliRunner.Run("score", "--host", zoo.Dir, "--subnet", bad, "--task", "linear0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: {bad}: units: expected units of the host (20 units), found 'layers.1.mlp[99]', which the host does not have.", r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void MissingSubnetFile()
    {
        var r = CliRunner.Run("score", "--host", zoo.Dir, "--subnet", "/no/such/subnet.json", "--task", "linear0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --subnet: expected a subnet.json file, found no file '/no/such/subnet.json'.", r.Err);
    }

    [Fact]
    public void MissingHostFolder()
    {
        var r = CliRunner.Run("score", "--host", "/no/such/zoo", "--subnet", Manifest, "--task", "linear0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --host: expected a zoo folder", r.Err);
    }

    [Fact]
    public void AnAblationThatIsNoneOfMeanResampleOrZero()
    {
        var r = CliRunner.Run("score", "--host", zoo.Dir, "--subnet", Manifest, "--task", "linear0", "--ablation", "patch");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --ablation: expected mean, resample or zero, found 'patch'.", r.Err);
    }

    [Fact]
    public void ARecordedAblationThatIsNoneOfMeanResampleOrZeroIsNamed()
    {
        string dir = zoo.Scratch("bad-ablation");
        Directory.CreateDirectory(dir);
        var m = JsonNode.Parse(File.ReadAllText(Manifest))!;
        m["knockout"]!["ablation"] = "half";
        File.WriteAllText(Path.Combine(dir, "subnet.json"), m.ToJsonString());
        var r = CliRunner.Run("score", "--host", zoo.Dir, "--subnet", dir, "--task", "linear0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: {Path.Combine(dir, "subnet.json")}: knockout.ablation: expected mean, resample or zero, found 'half'.", r.Err);
    }
}
