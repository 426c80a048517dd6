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
        // Its report beside the JSON, figures inline: no se row, so rewards, AUC and the knock-out.
        Assert.Contains($"report: {Path.ChangeExtension(json, ".html")} (3 figures inline)", r.Out);
        Assert.Contains("<h2>linear1</h2>", File.ReadAllText(Path.ChangeExtension(json, ".html")));

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
        // The knock-out table: an extractor per row, a task per column, "without / alone" as the JSON has them.
        Assert.Contains("knock-out in M on T, mean-ablated", r.Out);
        string F(JsonNode? v) => v!.GetValue<double>().ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
        string Cells(int row) => string.Join(@" +│ +", tasks.Select(t => $@"{F(t!["extractors"]![row]!["knockout"]!["withoutSubnet"])} / {F(t!["extractors"]![row]!["knockout"]!["onlySubnet"])}"));
        Assert.Matches($@"│ random +│ +{Cells(0)} │", r.Out);
        Assert.Matches($@"│ magnitude +│ +{Cells(1)} │", r.Out);
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
    public void BenchingSeWithoutAPolicyTrainsOneBesideTheJson()
    {
        string dir = zoo.Scratch("bench");
        string json = Path.Combine(dir, "bench.json");
        var r = CliRunner.Run("bench", "--host", zoo.Dir, "--extractors", "random,se", "--train-iterations", "2", "--json", json);
        Assert.True(r.ExitCode == 0, r.ToString());
        string policy = Path.Combine(dir, "se-policy");
        Assert.True(File.Exists(Path.Combine(policy, "checkpoint.safetensors")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(policy, "metrics.jsonl")).Length);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(policy, "config.json")))!;
        Assert.NotNull(config["observation"]!["Gates"]); // the zoo's SE defaults: gates and the gate prior
        Assert.Equal(1.0, config["policy"]!["GatePrior"]!.GetValue<double>());
        var last = r.Out.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("bench: 2 tasks × 2 extractors in ", last);
        Assert.Contains($"; trained the SE into {policy}; wrote {json}", last);
        // The SE against the best baseline (here the only one), on both tasks, paired over the judge's fine-tunes.
        var lines = r.Out.Split('\n').Select(l => l.TrimEnd()).ToList();
        int head = lines.FindIndex(l => l.StartsWith("se against the best baseline "));
        Assert.True(head >= 0, r.Out);
        Assert.All(lines.Skip(head + 1).Take(2), l => Assert.EndsWith("(random)", l));
        Assert.Matches(@"^se: ahead or level on \d of 2; by more than twice the standard error ahead on \d, behind on \d$", lines[head + 3]);

        var bench = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(policy, bench["policy"]!.GetValue<string>());
        Assert.True(bench["policyTrained"]!.GetValue<bool>());
        foreach (var t in bench["tasks"]!.AsArray())
        {
            Assert.False(t!["heldOut"]!.GetValue<bool>());
            Assert.Equal(["random", "se"], t["extractors"]!.AsArray().Select(x => x!["name"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void AGivenPolicyIsJudgedOnEveryTaskWithTheHeldOutMarked()
    {
        string dir = zoo.Scratch("bench");
        string json = Path.Combine(dir, "bench.json");
        var r = CliRunner.Run("bench", "--host", zoo.Dir, "--extractors", "se", "--policy", zoo.Run, "--holdout", "linear1", "--json", json);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.False(Directory.Exists(Path.Combine(dir, "se-policy"))); // nothing trained
        Assert.DoesNotContain("train SE", r.Out);
        Assert.Single(r.Out.Split('\n'), l => l.Contains("held out of SE training")); // linear1's caption only
        var bench = JsonNode.Parse(File.ReadAllText(json))!;
        var tasks = bench["tasks"]!.AsArray();
        Assert.Equal(["linear0", "linear1"], tasks.Select(t => t!["task"]!.GetValue<string>()));
        Assert.Equal([false, true], tasks.Select(t => t!["heldOut"]!.GetValue<bool>()));
        Assert.Equal(["linear1"], bench["holdout"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(Path.GetFullPath(zoo.Run), bench["policy"]!.GetValue<string>());
        Assert.False(bench["policyTrained"]!.GetValue<bool>());
        Assert.Equal(0, bench["seed"]!.GetValue<int>());
        Assert.Equal(1, bench["gateFits"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(new[] { "--extractors", "random", "--policy", "RUN" }, "error: --policy: expected se among --extractors (the policy is the SE's), found random.")]
    [InlineData(new[] { "--extractors", "se", "--policy", "RUN", "--train-iterations", "5" }, "error: --train-iterations: expected no --policy with it (bench trains an SE only when none is given), found both.")]
    [InlineData(new[] { "--extractors", "random", "--train-iterations", "5" }, "error: --train-iterations: expected se among --extractors (only the SE is trained), found random.")]
    [InlineData(new[] { "--extractors", "se", "--train-iterations", "0" }, "error: --train-iterations: expected at least 1, found 0.")]
    [InlineData(new[] { "--extractors", "magnitude", "--continue", "5" }, "error: --continue: expected se among --extractors (continued training is the SE's), found magnitude.")]
    [InlineData(new[] { "--extractors", "magnitude", "--rl-iterations", "5" }, "error: --rl-iterations: expected rl-unit among --extractors, found magnitude.")]
    [InlineData(new[] { "--extractors", "mask", "--gate-fits", "2" }, "error: --gate-fits: expected se among --extractors (the gates are the SE's observation), found mask.")]
    [InlineData(new[] { "--extractors", "se", "--gate-fits", "0" }, "error: --gate-fits: expected at least 1 fit, found 0.")]
    [InlineData(new[] { "--extractors", "random", "--holdout", "linear9" }, "error: --holdout: expected tasks of the zoo (linear0, linear1), found 'linear9'.")]
    [InlineData(new[] { "--extractors", "se", "--holdout", "linear0,linear1" }, "error: --holdout: expected at least one zoo task left to train the SE on, found every task held out.")]
    public void BadSeOptionsAreRejectedBeforeAnyWork(string[] options, string message)
    {
        string dir = zoo.Scratch("bench");
        string json = Path.Combine(dir, "bench.json");
        var r = CliRunner.Run(["bench", "--host", zoo.Dir, .. options.Select(o => o == "RUN" ? zoo.Run : o), "--json", json]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(dir), $"{dir} was created");
    }

    [Fact]
    public void MissingHostFolder()
    {
        var r = CliRunner.Run("bench", "--host", "/no/such/zoo");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --host: expected a zoo folder", r.Err);
    }
}
