using System.Text.Json.Nodes;

namespace Subx.Tests.Cli;

[Collection(TinyZooCollection.Name)]
public class ZooCommandTests(TinyZoo zoo)
{
    [Fact]
    public void WritesTheHostTruthTasksAndReport()
    {
        foreach (var file in new[] { "host.json", "host.safetensors", "truth.json", "zoo.json", "tasks/linear0.tsv", "tasks/linear1.tsv" })
            Assert.True(File.Exists(Path.Combine(zoo.Dir, file)), $"missing {file}");
        var truth = JsonNode.Parse(File.ReadAllText(Path.Combine(zoo.Dir, "truth.json")))!;
        var tasks = truth["tasks"]!.AsArray();
        Assert.Equal(["linear0", "linear1"], tasks.Select(t => t!["name"]!.GetValue<string>()));
        // 4 units per task in each of 2 layers.
        Assert.All(tasks, t => Assert.Equal(8, t!["units"]!.AsArray().Count));
    }

    [Fact]
    public void PrintsEachTasksChecksAndAFinalSummaryLine()
    {
        Assert.Equal(0, zoo.Build.ExitCode);
        Assert.Contains("linear0", zoo.Build.Out);
        Assert.Contains("own units ablated", zoo.Build.Out);
        var last = zoo.Build.Out.TrimEnd().Split('\n')[^1];
        Assert.StartsWith($"wrote zoo to {zoo.Dir}: 2 tasks, 20 units, host accuracy min ", last);
        // Standard error holds the progress, as plain lines when it is not a terminal: the start, each
        // tenth at most once, and the end.
        var progress = zoo.Build.Err.TrimEnd().Split('\n');
        Assert.StartsWith("train host (2 tasks, 300 steps): 0% (00:", progress[0]);
        Assert.StartsWith("train host (2 tasks, 300 steps): 100% (", progress[^1]);
        Assert.InRange(progress.Length, 2, 11);
        Assert.All(progress, line => Assert.Matches(@"^train host \(2 tasks, 300 steps\): \d+% \(\d\d:\d\d\)$", line));
        Assert.DoesNotContain("train host", zoo.Build.Out);
    }

    [Fact]
    public void RefusesAFolderThatAlreadyHoldsAZooBeforeTraining()
    {
        var before = File.GetLastWriteTimeUtc(Path.Combine(zoo.Dir, "host.safetensors"));
        var r = CliRunner.Run(["zoo", "--out", zoo.Dir, .. TinyZoo.ZooArgs]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --out: expected an empty or new folder, found a zoo or host already in", r.Err);
        Assert.DoesNotContain("train host", r.Out); // rejected before any work
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(zoo.Dir, "host.safetensors")));
    }

    [Fact]
    public void UnknownKindIsRejectedWithTheKnownOnes()
    {
        string dir = zoo.Scratch("zoo");
        var r = CliRunner.Run("zoo", "--out", dir, "--kinds", "linear,cubic");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("kinds: expected one of linear, mlp, parity, found 'cubic'", r.Err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void AZooTheHostCannotLearnIsNotWritten()
    {
        // One training step cannot reach the 95% accuracy check: Core throws and nothing is written.
        string dir = zoo.Scratch("zoo");
        var r = CliRunner.Run(["zoo", "--out", dir, .. TinyZoo.ZooArgs[..^2], "--steps", "1"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: zoo: task 'linear0' (linear): the host reached", r.Err);
        Assert.Contains("No zoo was written", r.Err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void OptionDefaultsInTheHelpMatchZooConfig()
    {
        // The options are nullable so the defaults live on ZooConfig; the help text repeats them and must not drift.
        var d = new Subx.Hosts.ZooConfig();
        var expected = new Dictionary<string, string>
        {
            ["Seed"] = $"{d.Seed}", ["Tasks"] = $"{d.Tasks}", ["Layers"] = $"{d.Layers}", ["Group"] = $"{d.Group}", ["Shared"] = $"{d.Shared}",
            ["Inputs"] = $"{d.Inputs}", ["Kinds"] = string.Join(",", d.Kinds), ["Noise"] = $"{d.Noise}", ["Samples"] = $"{d.Samples}", ["Steps"] = $"{d.TrainSteps}",
        };
        foreach (var (property, value) in expected)
        {
            var attr = typeof(Subx.Cli.Commands.ZooSettings).GetProperty(property)!
                .GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), false).Cast<System.ComponentModel.DescriptionAttribute>().Single();
            Assert.EndsWith($"(default {value}).", attr.Description);
        }
    }
}
