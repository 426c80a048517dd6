using System.Text.Json.Nodes;

namespace Subx.Tests.Cli;

[Collection(TinyZooCollection.Name)]
public class TrainCommandTests(TinyZoo zoo)
{
    [Fact]
    public void SmokeRunWritesTheRunAndJudgesEveryTaskZeroShot()
    {
        string run = zoo.Scratch("run");
        var r = CliRunner.Run(["train", "--host", zoo.Dir, "--out", run, .. TinyZoo.TrainArgs]);
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var file in new[] { "checkpoint.safetensors", "metrics.jsonl", "metrics.csv", "config.json", "events.out.tfevents.subx", "report.html", "reward.png", "truth.png" })
            Assert.True(File.Exists(Path.Combine(run, file)), $"missing {file}");
        Assert.Equal([1, 2, 3], Iterations(run));
        var csv = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
        Assert.Equal(4, csv.Length); // header + 3
        // Every metric the JSON lines log has its CSV column.
        var logged = JsonNode.Parse(File.ReadLines(Path.Combine(run, "metrics.jsonl")).First())!.AsObject().Select(kv => kv.Key);
        Assert.Empty(logged.Except(csv[0].Split(',')));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        Assert.Equal(["linear0", "linear1"], Names(config["tasks"])); // default: every task
        Assert.Equal(2, config["train"]!["GroupSize"]!.GetValue<int>());
        // The zoo's SE defaults (HostDefaults.Zoo): it reads the learned gates and starts from the gate prior.
        Assert.NotNull(config["observation"]!["Gates"]);
        Assert.Equal(1.0, config["policy"]!["GatePrior"]!.GetValue<double>());
        Assert.Equal(0.5, config["policy"]!["GatePriorDistractors"]!.GetValue<double>());

        Assert.Contains("zero-shot", r.Out);
        Assert.Contains("ROC-AUC", r.Out);
        Assert.DoesNotContain("held out ", r.Out.Split('\n').First(l => l.Contains("linear1") && l.Contains('│')));
        // The same table as JSON in the run, row for row.
        var zeroShot = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "zero-shot.json")))!;
        Assert.Equal(3, zeroShot["iteration"]!.GetValue<int>());
        var rows = zeroShot["tasks"]!.AsArray();
        Assert.Equal(["linear0", "linear1"], rows.Select(t => t!["task"]!.GetValue<string>()));
        foreach (var row in rows)
        {
            Assert.Equal("trained", row!["role"]!.GetValue<string>());
            var line = r.Out.Split('\n').First(l => l.Contains(row["task"]!.GetValue<string>()) && l.Contains('│'));
            foreach (var field in new[] { "auc", "f1", "size" })
                Assert.Contains(row[field]!.GetValue<double>().ToString("F3", System.Globalization.CultureInfo.InvariantCulture), line);
        }
        Assert.Contains($"report: {Path.Combine(run, "report.html")} (4 figures", r.Out);
        Assert.Contains("Zero-shot, at the SE's own threshold", File.ReadAllText(Path.Combine(run, "report.html")));
        var last = r.Out.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("train: 3 iterations (3 in this run) in ", last);
        Assert.Contains("final mean reward ", last);
        Assert.EndsWith($"; wrote {run}", last);
        Assert.DoesNotContain("error", r.Err); // standard error holds the progress lines only
        Assert.Contains("learned gates on the zoo: 2 tasks: 100%", r.Err); // fitted first, in a bar of their own
    }

    [Fact]
    public void ResumeContinuesWhereTheRunStoppedWithTheRunsSettings()
    {
        string run = zoo.Scratch("run");
        Assert.Equal(0, CliRunner.Run(["train", "--host", zoo.Dir, "--out", run, .. TinyZoo.TrainArgs]).ExitCode);
        var r = CliRunner.Run("train", "--host", zoo.Dir, "--out", run, "--resume", "--iterations", "5");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal([1, 2, 3, 4, 5], Iterations(run)); // continuous, each iteration once
        Assert.StartsWith("train: 5 iterations (2 in this run) in ", r.Out.TrimEnd().Split('\n')[^1]);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        Assert.Equal(3, config["resumedAt"]!.GetValue<int>());
        Assert.Equal(2, config["train"]!["GroupSize"]!.GetValue<int>()); // the run's, not TrainConfig's default
        // The same targets: the zoo's annealed schedule goes on, over the new total.
        Assert.Equal((int)Subx.Training.LearningRateSchedule.Linear, config["train"]!["LearningRateSchedule"]!.GetValue<int>());
        Assert.Equal([3e-3, 2e-3, 1e-3, 1.2e-3, 6e-4], LearningRates(run), new ToleranceComparer(1e-12));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double v) => 0;
    }

    private static List<double> LearningRates(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!["charts/learning_rate"]!.GetValue<double>()).ToList();

    [Fact]
    public void HeldOutTasksAreNeverSeenAndResumeWithNewTasksTrainsOnThem()
    {
        string run = zoo.Scratch("run");
        var first = CliRunner.Run(["train", "--host", zoo.Dir, "--holdout", "linear1", "--out", run, .. TinyZoo.TrainArgs]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        Assert.Equal(["linear0"], Names(config["tasks"]));
        Assert.Equal(["linear0"], Names(config["distractorPool"]));
        Assert.Contains("held out", first.Out.Split('\n').First(l => l.Contains("linear1") && l.Contains('│')));
        Assert.All(Tasks(run), t => Assert.Equal("linear0", t));

        // The proposal's "continue SE's training": the same command with the new target task.
        var next = CliRunner.Run("train", "--host", zoo.Dir, "--tasks", "linear1", "--out", run, "--resume", "--iterations", "5");
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal([1, 2, 3, 4, 5], Iterations(run));
        Assert.Equal(["linear0", "linear0", "linear0", "linear1", "linear1"], Tasks(run));
        config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        Assert.Equal(["linear1"], Names(config["tasks"]));
        Assert.Equal(["linear0", "linear1"], Names(config["distractorPool"]));
        // New targets continue at the constant rate (annealing again let the zoo SE loosen); the first
        // three iterations annealed.
        Assert.Null(config["train"]!["LearningRateSchedule"]);
        Assert.Equal([3e-3, 2e-3, 1e-3, 3e-3, 3e-3], LearningRates(run), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void AnExistingRunIsRefusedWithoutResumeAndLeftAlone()
    {
        string checkpoint = Path.Combine(zoo.Run, "checkpoint.safetensors");
        var before = File.GetLastWriteTimeUtc(checkpoint);
        var metrics = File.ReadAllText(Path.Combine(zoo.Run, "metrics.jsonl"));
        var r = CliRunner.Run(["train", "--host", zoo.Dir, "--out", zoo.Run, .. TinyZoo.TrainArgs]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: --out: '{zoo.Run}' already holds a trained run; pass --resume to continue it or choose another --out.", r.Err);
        Assert.Equal(before, File.GetLastWriteTimeUtc(checkpoint));
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(zoo.Run, "metrics.jsonl")));
    }

    [Fact]
    public void ResumeToNoMoreIterationsThanDoneIsRefused()
    {
        string checkpoint = Path.Combine(zoo.Run, "checkpoint.safetensors");
        var before = File.GetLastWriteTimeUtc(checkpoint);
        var r = CliRunner.Run("train", "--host", zoo.Dir, "--out", zoo.Run, "--resume", "--iterations", "3");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: --iterations: expected more than the 3 iterations '{zoo.Run}' has already done (the total to reach), found 3.", r.Err);
        Assert.Equal(before, File.GetLastWriteTimeUtc(checkpoint));
    }

    [Theory]
    [InlineData(new[] { "--tasks", "linear0,linear9" }, "error: --tasks: expected tasks of the zoo (linear0, linear1), found 'linear9'.")]
    [InlineData(new[] { "--holdout", "parity5" }, "error: --holdout: expected tasks of the zoo (linear0, linear1), found 'parity5'.")]
    [InlineData(new[] { "--tasks", "linear0,linear1", "--holdout", "linear1" }, "error: --holdout: expected tasks not in --tasks (a held-out task is never seen in training), found 'linear1' in both.")]
    [InlineData(new[] { "--holdout", "linear0,linear1" }, "error: --holdout: expected at least one zoo task left to train on, found every task held out (linear0, linear1).")]
    [InlineData(new[] { "--tasks", "," }, "error: --tasks: expected a comma list of zoo tasks, found an empty list.")]
    [InlineData(new[] { "--resume" }, "error: --resume: expected a run folder with checkpoint.safetensors to continue, found none in '")]
    [InlineData(new[] { "--iterations", "0" }, "error: --iterations: expected at least 1, found 0.")]
    [InlineData(new[] { "--group-size", "1" }, "error: --group-size: expected at least 2 (the baseline leaves one out), found 1.")]
    [InlineData(new[] { "--distractors", "-1" }, "error: --distractors: expected 0 or more, found -1.")]
    [InlineData(new[] { "--learning-rate", "0" }, "error: --learning-rate: expected a positive number, found 0.")]
    [InlineData(new[] { "--entropy-bonus", "-0.1" }, "error: --entropy-bonus: expected 0 or more, found -0.1.")]
    [InlineData(new[] { "--checkpoint-every", "0" }, "error: --checkpoint-every: expected at least 1, found 0.")]
    [InlineData(new[] { "--sample-size", "1.5" }, "error: --sample-size: expected a fraction in (0, 1), found 1.5.")]
    [InlineData(new[] { "--size-penalty", "-0.5" }, "error: --size-penalty: expected 0 or more, found -0.5.")]
    [InlineData(new[] { "--schedule", "cosine" }, "error: --schedule: expected constant, linear or exponential, found 'cosine'.")]
    [InlineData(new[] { "--lr-schedule", "cosine" }, "error: --lr-schedule: expected constant or linear, found 'cosine'.")]
    [InlineData(new[] { "--final-size-penalty", "3" }, "error: --final-size-penalty: expected --schedule linear or exponential with it (b stays at --size-penalty otherwise), found the constant schedule.")]
    public void BadInputIsRejectedBeforeAnyWork(string[] options, string message)
    {
        string run = zoo.Scratch("run");
        var r = CliRunner.Run(["train", "--host", zoo.Dir, "--out", run, .. options]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain("train: it", r.Out);
        Assert.False(Directory.Exists(run), $"{run} was created");
    }

    [Fact]
    public void AResumeOfATruncatedCheckpointIsRefusedBeforeAnyWorkAndTheRunKept()
    {
        string run = zoo.Scratch("truncated");
        Assert.Equal(0, CliRunner.Run(["train", "--host", zoo.Dir, "--out", run, .. TinyZoo.TrainArgs]).ExitCode);
        string checkpoint = Path.Combine(run, "checkpoint.safetensors");
        File.WriteAllBytes(checkpoint, File.ReadAllBytes(checkpoint)[..^40]);
        var before = Directory.GetFiles(run).ToDictionary(f => f, File.ReadAllBytes);
        var r = CliRunner.Run("train", "--host", zoo.Dir, "--out", run, "--resume", "--iterations", "5");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"error: {checkpoint} tensor '", r.Err);
        Assert.Contains("(truncated?)", r.Err);
        Assert.DoesNotContain("learned gates", r.Err); // refused before the gates are fitted, the first work a resume does
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    [Fact]
    public void AResumeOnAnotherHostIsRefusedAndTheRunKept()
    {
        // The policy reads any host, so without the check a zoo run went on training on MiniLM, its config rewritten first.
        var before = Directory.GetFiles(zoo.Run).ToDictionary(f => f, File.ReadAllBytes);
        var r = CliRunner.Run(["train", "--host", "minilm", "--out", zoo.Run, "--resume", "--iterations", "5"]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"error: --host: expected the host the run in '{zoo.Run}' was trained on (mlp ", r.Err);
        Assert.Contains("found 'minilm' (", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    [Fact]
    public void MissingHostFolder()
    {
        string run = zoo.Scratch("run");
        var r = CliRunner.Run("train", "--host", "/no/such/zoo", "--out", run);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --host: expected a zoo folder", r.Err);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void ASampleSizeLearningRateScheduleAndEntropyBonusAreKeptInTheRunAndTakeEffect()
    {
        string run = zoo.Scratch("run");
        var r = CliRunner.Run(["train", "--host", zoo.Dir, "--out", run, .. TinyZoo.TrainArgs, "--sample-size", "0.1", "--learning-rate", "0.01", "--lr-schedule", "linear", "--entropy-bonus", "0.02"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        Assert.Equal(0.1, config["train"]!["SampleSize"]!.GetValue<double>());
        Assert.Equal(0.01, config["train"]!["LearningRate"]!.GetValue<double>());
        Assert.Equal(0.02, config["train"]!["EntropyBonus"]!.GetValue<double>());
        Assert.Equal((int)Subx.Training.LearningRateSchedule.Linear, config["train"]!["LearningRateSchedule"]!.GetValue<int>());
        var lines = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        foreach (var m in lines)
        {
            Assert.NotEqual(0, m["charts/logit_offset"]!.GetValue<double>());
            Assert.InRange(m["charts/size"]!.GetValue<double>(), 0.0, 0.3); // unshifted, the policy keeps about 25%
        }
        // The step size falls from the one asked to 1/iterations of it.
        var rates = lines.Select(m => m["charts/learning_rate"]!.GetValue<double>()).ToList();
        Assert.Equal(0.01, rates[0], 12);
        Assert.Equal(0.01 / rates.Count, rates[^1], 12);
        Assert.True(rates.Zip(rates.Skip(1)).All(p => p.Second < p.First), string.Join(", ", rates));
    }

    [Fact]
    public void OptionDefaultsInTheHelpMatchTheHostDefaults()
    {
        // The options are nullable so the defaults live on HostDefaults; the help text repeats them and must not drift.
        string Default(Func<Subx.Training.TrainConfig, object?> field)
        {
            string zoo = Show(field(Subx.Runs.HostDefaults.Zoo.Se.Train)), text = Show(field(Subx.Runs.HostDefaults.Text.Se.Train));
            return zoo == text ? zoo : $"{zoo}, {text} on a BERT host";
        }
        static string Show(object? v) => v switch
        {
            null => "off",
            Subx.Training.SizePenaltySchedule s => s.ToString().ToLowerInvariant(),
            Subx.Training.LearningRateSchedule s => s.ToString().ToLowerInvariant(),
            double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString()!,
        };
        var expected = new Dictionary<string, string>
        {
            ["Iterations"] = Default(t => t.Iterations), ["GroupSize"] = Default(t => t.GroupSize), ["Distractors"] = Default(t => t.Distractors),
            ["SizePenalty"] = Default(t => t.Reward.SizePenalty), ["FinalSizePenalty"] = Default(t => t.FinalSizePenalty), ["Schedule"] = Default(t => t.Schedule),
            ["OverlapPenalty"] = Default(t => t.Reward.OverlapPenalty), ["DistractorWeight"] = Default(t => t.Reward.DistractorWeight), ["PpoEpochs"] = Default(t => t.PpoEpochs),
            ["CheckpointEvery"] = Default(t => t.CheckpointEvery), ["LearningRate"] = Default(t => t.LearningRate), ["Seed"] = Default(t => t.Seed),
            ["EntropyBonus"] = Default(t => t.EntropyBonus), ["LrSchedule"] = Default(t => t.LearningRateSchedule),
            ["SampleSize"] = Default(t => t.SampleSize),
        };
        foreach (var (property, value) in expected)
        {
            var attr = typeof(Subx.Cli.Commands.TrainSettings).GetProperty(property)!
                .GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), false).Cast<System.ComponentModel.DescriptionAttribute>().Single();
            Assert.EndsWith($"(default {value}; on --resume, the run's).", attr.Description);
        }
    }

    private static List<int> Iterations(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!["iteration"]!.GetValue<int>()).ToList();

    private static List<string> Tasks(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!["task"]!.GetValue<string>()).ToList();

    private static List<string> Names(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
