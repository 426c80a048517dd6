using System.Text.Json.Nodes;
using Subx.Hosts;
using Subx.Units;

namespace Subx.Tests.Cli;

[Collection(TinyZooCollection.Name)]
public class CompareCommandTests(TinyZoo zoo)
{
    private string ExtractRandom()
    {
        string dir = zoo.Scratch("random");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "random", "--size", "0.3", "--no-knockout", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        return dir;
    }

    [Fact]
    public void CountsWhatEachPairKeepsAndSetsItBesideChance()
    {
        string other = ExtractRandom(), json = Path.Combine(zoo.Scratch("compare"), "compare.json");
        var r = CliRunner.Run("compare", zoo.ExtractDir, other, zoo.ExtractDir, "--json", json);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith($"subnets of {Path.GetFullPath(zoo.Dir)}:", r.Out);
        Assert.Matches(@"3 subnets of .+: most alike A–C, overlap 1\.000 \(chance [0-9.]+\); wrote ", r.Out);
        // The note under the table is one line, not centred and wrapped at the table's width.
        Assert.Contains("overlap: |A∩B| / |A∪B| in unit parameters (1: the same subnet); chance: the same for random units of the two sizes, the mean of 20 draws", r.Out);

        // The pair's counts, from the two manifests directly.
        var host = Zoo.Load(zoo.Dir).Host;
        Subnet Read(string dir) => Subnet.FromJsonUnits(host.Units, JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "subnet.json")))!["units"], dir);
        var (a, b) = (Read(zoo.ExtractDir), Read(other));
        var pairs = JsonNode.Parse(File.ReadAllText(json))!["pairs"]!.AsArray();
        Assert.Equal(3, pairs.Count);
        var ab = pairs[0]!;
        Assert.Equal((0, 1), (ab["a"]!.GetValue<int>(), ab["b"]!.GetValue<int>()));
        Assert.Equal(a.Units.Intersect(b.Units).Count(), ab["units"]!.GetValue<int>());
        Assert.Equal(a.Jaccard(b), ab["overlap"]!.GetValue<double>(), 12);
        Assert.InRange(ab["chance"]!.GetValue<double>(), 0.05, 0.6); // random units of 0.4 and 0.3 of a 20-unit host share some
        Assert.Equal(1.0, pairs[1]!["overlap"]!.GetValue<double>()); // A and C are the same file
        Assert.Matches($@"│ A–B\s+│\s+{ab["units"]!.GetValue<int>()} │", r.Out);
    }

    [Fact]
    public void SubnetsOfAnotherHostNeedHost()
    {
        string dir = zoo.Scratch("moved");
        Directory.CreateDirectory(dir);
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(zoo.ExtractDir, "subnet.json")))!;
        m["host"] = "minilm";
        File.WriteAllText(Path.Combine(dir, "subnet.json"), m.ToJsonString());
        var r = CliRunner.Run("compare", zoo.ExtractDir, dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: {Path.Combine(dir, "subnet.json")}: host: expected '{Path.GetFullPath(zoo.Dir)}', the host of {Path.Combine(zoo.ExtractDir, "subnet.json")} (or --host to read them all on one host), found 'minilm'.", r.Err);

        r = CliRunner.Run("compare", zoo.ExtractDir, dir, "--host", zoo.Dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("was extracted from host 'minilm'; comparing it on '", r.Err);
    }

    [Fact]
    public void BadArguments()
    {
        var r = CliRunner.Run("compare", zoo.ExtractDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: SUBNETS: expected two or more subnet.json files or folders, found 1.", r.Err);
        r = CliRunner.Run("compare", zoo.ExtractDir, "/no/such");
        Assert.Contains("error: SUBNETS: expected a subnet.json file, found no file '/no/such'.", r.Err);
    }
}
