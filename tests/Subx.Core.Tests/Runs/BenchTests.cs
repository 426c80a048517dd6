using Subx.Extractors;
using Subx.Extractors.Baselines;
using Subx.Hosts;
using Subx.Rewards;
using Subx.Runs;
using Subx.Scoring;

namespace Subx.Tests.Runs;

/// <summary>A tiny zoo (2 linear tasks, 20 units, 300 training steps), built once for the bench tests.</summary>
public sealed class TinyBenchZoo
{
    public Zoo Zoo { get; } = Zoo.Build(new ZooConfig
    {
        Tasks = 2, Kinds = ["linear"], Group = 4, Shared = 2, Inputs = 8, Samples = 1500, TrainSteps = 300,
    });
}

public class BenchTests(TinyBenchZoo tiny) : IClassFixture<TinyBenchZoo>
{
    private static readonly IExtractor[] Extractors = [new RandomExtractor(), new MagnitudeExtractor()];

    [Fact]
    public void OneRowPerExtractorPerTaskAtTheTruthSize()
    {
        var zoo = tiny.Zoo;
        var results = Bench.Run(zoo, Extractors, new BenchOptions());
        Assert.Equal(zoo.Tasks.Select(t => t.Name), results.Select(r => r.Task));
        foreach (var (t, r) in zoo.Tasks.Zip(results))
        {
            Assert.True(r.SizeIsTruth);
            Assert.Equal(t.Truth.Size, r.SizeBudget);
            Assert.Equal(["random", "magnitude"], r.Extractors.Select(x => x.Name));
            foreach (var row in r.Extractors)
            {
                Assert.True(row.Size <= r.SizeBudget + 1e-12, $"{row.Name} size {row.Size} over budget {r.SizeBudget}");
                Assert.Equal(row.ScoreT - row.ScoreDistractors - new RewardConfig().SizePenalty * row.Size, row.Reward, 12);
                Assert.InRange(row.Auc, 0, 1);
                Assert.InRange(row.F1, 0, 1);
            }
        }
    }

    [Fact]
    public void BenchRowsAgreeWithTruthMetricsOfTheSameExtraction()
    {
        var zoo = tiny.Zoo;
        var task = zoo.Tasks[0];
        var rows = Bench.Run(zoo, [new MagnitudeExtractor()], new BenchOptions { Size = 0.2, Seed = 4 })[0];
        Assert.False(rows.SizeIsTruth);
        var e = new MagnitudeExtractor().Extract(new ExtractionRequest(zoo.Host, task.Data, [zoo.Tasks[1].Data], 0.2, new RewardConfig(),
            new Scorer(zoo.Host, new ScorerConfig()), 4));
        var row = rows.Extractors.Single();
        Assert.Equal(TruthMetrics.Match(e.Subnet, task.Truth).F1, row.F1, 12);
        Assert.Equal(TruthMetrics.RocAuc(e.UnitScores, task.Truth), row.Auc, 12);
    }

    [Fact]
    public void EvaluateWithControlsScoresTheSameAsWithout()
    {
        // Scores are deterministic per job, so adding the control jobs to the batch must not move T's score.
        var zoo = tiny.Zoo;
        var request = new ExtractionRequest(zoo.Host, zoo.Tasks[0].Data, [zoo.Tasks[1].Data], 0.4, new RewardConfig(), new Scorer(zoo.Host, new ScorerConfig()), 1);
        var plain = Bench.Evaluate(new MagnitudeExtractor(), request);
        var withControls = Bench.Evaluate(new MagnitudeExtractor(), request, withControls: true);
        Assert.Null(plain.Controls);
        Assert.NotNull(withControls.Controls);
        Assert.Equal(plain.ScoreT, withControls.ScoreT, 9);
        Assert.Equal(withControls.ScoreT, withControls.Controls!.Score);
        Assert.Equal(plain.DistractorScores, withControls.DistractorScores);
        Assert.Equal(0, withControls.Controls.NoSubnet, 9); // without a subnet the head sees zeros: chance
    }

    [Fact]
    public void TheRewardOfEveryJudgeRepeatAveragesToTheReward()
    {
        var zoo = tiny.Zoo;
        var request = new ExtractionRequest(zoo.Host, zoo.Tasks[0].Data, [zoo.Tasks[1].Data], 0.4, new RewardConfig(), new Scorer(zoo.Host, new ScorerConfig()), 1);
        var judge = new Scorer(zoo.Host, new ScorerConfig { Repeats = 5 });
        var e = Bench.Evaluate(new MagnitudeExtractor(), request, withControls: true, judge: judge);
        Assert.Equal(5, e.RewardRepeats.Count);
        Assert.Equal(e.Reward.Total, e.RewardRepeats.Average(), 12);
        Assert.Equal(Spread.StandardError(e.RewardRepeats), e.RewardStdError);
        Assert.True(e.RewardStdError > 0, "five fine-tunes with their own seeds gave one reward");
    }

    [Fact]
    public void JsonHasTheDocumentedFields()
    {
        var row = new BenchRow("m", 0.1, 0.5, 0.2, 0.3, 0.4, 0.6, 0.48, 0.7, 1.5, [0.05, 0.15])
            { Knockout = new KnockoutScore("t", 0.9, 0.1, [0.8, 0.7], 0.85, [0.2, 0.3]) };
        var continued = row with { Name = Bench.ContinueRow, ContinueKept = "zero-shot" };
        var json = Bench.ToJson([new BenchTask("t", "linear", 0.3, true, 0.3, [row, continued])]);
        var e = json["tasks"]![0]!["extractors"]![0]!.AsObject();
        Assert.Equal("t", json["tasks"]![0]!["task"]!.GetValue<string>());
        Assert.Equal(["name", "reward", "scoreT", "scoreDistractors", "size", "precision", "recall", "f1", "auc", "seconds", "rewardStdError", "rewardRepeats", "continueKept", "knockout"], e.Select(kv => kv.Key));
        Assert.Equal(["ablation", "intact", "withoutSubnet", "withoutRandom", "onlySubnet", "onlyRandom"], e["knockout"]!.AsObject().Select(kv => kv.Key));
        Assert.Equal([0.2, 0.3], e["knockout"]!["onlyRandom"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Null(e["continueKept"]);
        Assert.Equal("zero-shot", json["tasks"]![0]!["extractors"]![1]!["continueKept"]!.GetValue<string>());
        Assert.Equal(0.7, e["auc"]!.GetValue<double>());
        Assert.Equal(0.05, e["rewardStdError"]!.GetValue<double>(), 12);
        Assert.Equal([0.05, 0.15], e["rewardRepeats"]!.AsArray().Select(v => v!.GetValue<double>()));
    }

    [Fact]
    public void EveryRowCarriesTheJudgeRepeatsOfItsReward()
    {
        var zoo = tiny.Zoo;
        var task = Bench.Run(zoo, Extractors, new BenchOptions())[0];
        Assert.All(task.Extractors, r =>
        {
            Assert.Equal(HostDefaults.Zoo.Judge.Repeats, r.RewardRepeats.Count);
            Assert.Equal(r.Reward, r.RewardRepeats.Average(), 12);
        });
        var m = task.MarginOverBest("magnitude", ["random"]);
        Assert.Equal("random", m.Best);
        var (difference, se) = Spread.PairedDifference(task.Extractors[1].RewardRepeats, task.Extractors[0].RewardRepeats);
        Assert.Equal(difference, m.Difference, 12);
        Assert.Equal(se, m.StandardError, 12);
        Assert.Equal(task.Extractors[1].Reward - task.Extractors[0].Reward, m.Difference, 9);
    }

    [Fact]
    public void EveryRowKnocksItsSubnetOutOfMOnT()
    {
        // Each row's knock-out is the one `subx extract` would print for T: the same subnet, seed and probe.
        var zoo = tiny.Zoo;
        var options = new BenchOptions { Seed = 4 };
        var task = Bench.Run(zoo, [new MagnitudeExtractor()], options)[0];
        var row = task.Extractors[0];
        var request = new ExtractionRequest(zoo.Host, zoo.Tasks[0].Data, [.. zoo.Tasks.Skip(1).Select(t => t.Data)], task.SizeBudget, options.Reward,
            new Scorer(zoo.Host, options.Scorer), options.Seed);
        var subnet = new MagnitudeExtractor().Extract(request).Subnet;
        var expected = Knockout.Measure(zoo.Host, subnet, [zoo.Tasks[0].Data], options.Seed)[0];
        Assert.Equal((expected.Task, expected.Intact, expected.WithoutSubnet, expected.OnlySubnet),
            (row.Knockout.Task, row.Knockout.Intact, row.Knockout.WithoutSubnet, row.Knockout.OnlySubnet));
        Assert.Equal(expected.WithoutRandom, row.Knockout.WithoutRandom);
        Assert.Equal(expected.OnlyRandom, row.Knockout.OnlyRandom);
    }

    [Fact]
    public void TheJudgeAddsFineTunesToTheSearchScorersOwn()
    {
        // The judge's first repeats are the search scorer's, so a wider judge extends a narrow one's
        // figures instead of replacing them (BENCHMARKS pairs the two).
        var zoo = tiny.Zoo;
        var narrow = Bench.Run(zoo, [new MagnitudeExtractor()], new BenchOptions { Judge = new ScorerConfig() })[0].Extractors[0];
        var wide = Bench.Run(zoo, [new MagnitudeExtractor()], new BenchOptions { Judge = new ScorerConfig { Repeats = 7 } })[0].Extractors[0];
        Assert.Equal(3, narrow.RewardRepeats.Count);
        Assert.Equal(7, wide.RewardRepeats.Count);
        Assert.Equal(narrow.RewardRepeats, wide.RewardRepeats.Take(3));
        Assert.True(HostDefaults.Zoo.Judge.Repeats > new ScorerConfig().Repeats);
    }

    [Fact]
    public void HeldOutTasksAreBenchedAndMarked()
    {
        var zoo = tiny.Zoo;
        var results = Bench.Run(zoo, [new RandomExtractor()], new BenchOptions { Holdout = [zoo.Tasks[1].Name] });
        Assert.Equal(zoo.Tasks.Select(t => t.Name), results.Select(r => r.Task)); // judged on all tasks
        Assert.Equal([false, true], results.Select(r => r.HeldOut));
        var json = Bench.ToJson(results)["tasks"]!.AsArray();
        Assert.Equal([false, true], json.Select(t => t!["heldOut"]!.GetValue<bool>()));
    }

    [Fact]
    public void UnknownHoldoutIsRejected()
    {
        var ex = Assert.Throws<SubxException>(() => Bench.Run(tiny.Zoo, Extractors, new BenchOptions { Holdout = ["parity9"] }));
        Assert.Equal($"bench: holdout: expected tasks of the zoo ({string.Join(", ", tiny.Zoo.Tasks.Select(t => t.Name))}), found 'parity9'.", ex.Message);
    }

    [Fact]
    public void TrainingWithEveryTaskHeldOutIsRejectedBeforeWriting()
    {
        string dir = Path.Combine(Path.GetTempPath(), "subx-bench-" + Guid.NewGuid().ToString("N"));
        var options = new BenchOptions { Holdout = tiny.Zoo.Tasks.Select(t => t.Name).ToList() };
        var ex = Assert.Throws<SubxException>(() => Bench.TrainPolicy(tiny.Zoo, options, dir));
        Assert.StartsWith("bench: holdout: expected at least one task left to train the SE on, found every task held out", ex.Message);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void ContinueAddsASeContinueRowAfterTheZeroShotSe()
    {
        var options = new ExtractorOptions { PolicyDir = "run", ContinueIterations = 3, RlUnitIterations = 7 };
        var extractors = Bench.CreateExtractors(["random", "se", "rl-unit"], options);
        Assert.Equal(["random", "se", Bench.ContinueRow, "rl-unit"], extractors.Select(x => x.Name));
        Assert.Contains("zero-shot", extractors[1].Description);
        Assert.Contains("3 iterations of continued training", extractors[2].Description);
        Assert.Contains("7 iterations", extractors[3].Description);
        Assert.Equal(["se"], Bench.CreateExtractors(["se"], options with { ContinueIterations = 0 }).Select(x => x.Name));
    }

    [Fact]
    public void BadSizeIsRejected()
    {
        var ex = Assert.Throws<SubxException>(() => Bench.Run(tiny.Zoo, Extractors, new BenchOptions { Size = 1.5 }));
        Assert.Equal("bench: size: expected a fraction in (0, 1], found 1.5.", ex.Message);
    }
}
