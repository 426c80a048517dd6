using System.Text.Json.Nodes;

namespace Subx.Tests.Cli;

[Collection(TinyZooCollection.Name)]
public class BenchCommandTests(TinyZoo zoo)
{
    [Fact]
    public void PrintsATablePerTaskAndWritesTheJson()
    {
        string json = Path.Combine(zoo.Scratch("bench"), "bench.json");
        var r = CliRunner.Run("bench", "--host", zoo.Dir, "--extractors", "random,magnitude", "--json", json);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("linear0 (linear)", r.Out);
        Assert.Contains("linear1 (linear)", r.Out);
        Assert.Contains("size budget: the truth size 0.400", r.Out);
        Assert.StartsWith("bench: 2 tasks × 2 extractors in ", r.Out.TrimEnd().Split('\n')[^1]);

        var tasks = JsonNode.Parse(File.ReadAllText(json))!["tasks"]!.AsArray();
        Assert.Equal(["linear0", "linear1"], tasks.Select(t => t!["task"]!.GetValue<string>()));
        foreach (var t in tasks)
        {
            var rows = t!["extractors"]!.AsArray();
            Assert.Equal(["random", "magnitude"], rows.Select(x => x!["name"]!.GetValue<string>()));
            foreach (var row in rows)
            {
                foreach (var field in new[] { "reward", "scoreT", "scoreDistractors", "size", "precision", "recall", "f1", "auc", "seconds" })
                    Assert.True(row![field] is JsonValue, $"missing {field}");
                foreach (var field in new[] { "precision", "recall", "f1", "auc" })
                    Assert.InRange(row![field]!.GetValue<double>(), 0, 1);
                Assert.True(row!["seconds"]!.GetValue<double>() >= 0);
            }
        }
    }

    [Fact]
    public void AGivenSizeIsUsedAndSaidInTheCaption()
    {
        string json = Path.Combine(zoo.Scratch("bench"), "bench.json");
        var r = CliRunner.Run("bench", "--host", zoo.Dir, "--extractors", "magnitude", "--size", "0.2", "--json", json);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("size budget: --size 0.200 (truth size 0.400)", r.Out);
        var row = JsonNode.Parse(File.ReadAllText(json))!["tasks"]![0]!["extractors"]![0]!;
        Assert.InRange(row["size"]!.GetValue<double>(), 0.1, 0.2);
    }

    [Fact]
    public void UnknownExtractorIsRejectedBeforeAnyWork()
    {
        string json = Path.Combine(zoo.Scratch("bench"), "bench.json");
        var r = CliRunner.Run("bench", "--host", zoo.Dir, "--extractors", "random,oracle", "--json", json);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --extractors: expected names among", r.Err);
        Assert.Contains("found 'oracle'", r.Err);
        Assert.False(File.Exists(json));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    public void SizeOutsideZeroOne(string size)
    {
        string json = Path.Combine(zoo.Scratch("bench"), "bench.json");
        var r = CliRunner.Run("bench", "--host", zoo.Dir, "--size", size, "--json", json);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: --size: expected a fraction of the host's unit parameters in (0, 1], found {size}.", r.Err);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void MissingHostFolder()
    {
        var r = CliRunner.Run("bench", "--host", "/no/such/zoo");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --host: expected a zoo folder", r.Err);
    }
}
