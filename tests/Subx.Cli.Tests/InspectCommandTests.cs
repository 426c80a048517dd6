using System.Text.Json.Nodes;

namespace Subx.Tests.Cli;

[Collection(TinyZooCollection.Name)]
public class InspectCommandTests(TinyZoo zoo)
{
    [Fact]
    public void ShowsTheSubnetsUnitsHighestRankedFirstWithTheirRowsAndASummary()
    {
        string json = Path.Combine(zoo.Scratch("inspect"), "units.json");
        var r = CliRunner.Run("inspect", "--subnet", zoo.ExtractDir, "--units", "3", "--examples", "2", "--json", json);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("what the subnet's units respond to on linear0: 3 of its 8 units, the extractor's highest first", r.Out);
        Assert.Matches(@"\d+ of the subnet's 8 units \(\d+%\) tell linear0's classes apart with AUC ≥ 0\.7, against \d+ of M's 20 \(\d+%\); median AUC [0-9.]+ in the subnet, [0-9.]+ in M; wrote ", r.Out);

        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(zoo.ExtractDir, "subnet.json")))!;
        var scores = m["unitScores"]!.AsObject();
        var kept = m["units"]!.AsArray().Select(u => u!.GetValue<string>()).OrderByDescending(u => scores[u]!.GetValue<double>()).ToArray();
        var j = JsonNode.Parse(File.ReadAllText(json))!;
        var shown = j["shown"]!.AsArray();
        Assert.Equal(kept[..3], shown.Select(u => u!["unit"]!.GetValue<string>()));
        foreach (var u in shown)
        {
            Assert.Contains(u!["unit"]!.GetValue<string>(), r.Out);
            Assert.InRange(u["auc"]!.GetValue<double>(), 0.5, 1.0);
            var top = u["top"]!.AsArray();
            Assert.Equal(2, top.Count);
            Assert.True(top[0]!["activation"]!.GetValue<double>() >= top[1]!["activation"]!.GetValue<double>());
            Assert.Contains($"row {top[0]!["row"]!.GetValue<int>()} ({top[0]!["label"]!.GetValue<string>()})", r.Out);
        }
        Assert.Equal(8, j["subnet"]!["units"]!.GetValue<int>());
        Assert.Equal(20, j["allUnits"]!["units"]!.GetValue<int>());
        Assert.Contains("units on linear0: ", r.Err); // the progress, on standard error
    }

    [Fact]
    public void AnotherTaskAndEveryUnit()
    {
        var r = CliRunner.Run("inspect", "--subnet", Path.Combine(zoo.ExtractDir, "subnet.json"), "--task", "linear1", "--units", "0", "--host", zoo.Dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("on linear1: 8 of its 8 units", r.Out);
    }

    [Fact]
    public void OnMiniLmEachRowComesWithTheTokenWhereTheUnitPeaks()
    {
        string dir = zoo.Scratch("minilm");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "subnet.json"), new JsonObject
        {
            ["host"] = "minilm", ["task"] = "afinn_sign", ["extractor"] = "by hand",
            ["units"] = new JsonArray("layers.0.mlp[1079]", "layers.5.attn.head[8]"),
        }.ToJsonString());
        string json = Path.Combine(dir, "units.json");
        var r = CliRunner.Run("inspect", "--subnet", dir, "--examples", "2", "--rows", "200", "--json", json);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("rows it fires most on, at its peak token", r.Out);
        Assert.Contains("of M's 9288", r.Out);
        foreach (var u in JsonNode.Parse(File.ReadAllText(json))!["shown"]!.AsArray())
            foreach (var row in u!["top"]!.AsArray())
            {
                string token = row!["peakToken"]!.GetValue<string>(), text = row["text"]!.GetValue<string>();
                // The token is the word's, a piece of it, or one of the two special tokens.
                Assert.True(token is "[CLS]" or "[SEP]" || text.ToLowerInvariant().Contains(token.TrimStart('#')), $"{token} in {text}");
                Assert.Contains($"\"{text}\" ({row["label"]!.GetValue<string>()}) at {token}", r.Out);
            }
    }

    [Fact]
    public void BadArguments()
    {
        var r = CliRunner.Run("inspect", "--subnet", zoo.ExtractDir, "--units", "-1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --units: expected 0 (all) or a positive count, found -1.", r.Err);
        r = CliRunner.Run("inspect", "--subnet", zoo.ExtractDir, "--task", "nosuch");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --task", r.Err);
        Assert.Contains("nosuch", r.Err);
        r = CliRunner.Run("inspect", "--subnet", "/no/such");
        Assert.Contains("error: --subnet: expected a subnet.json file, found no file '/no/such'.", r.Err);
    }
}
