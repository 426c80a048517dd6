using Subx.Training;
using static TorchSharp.torch;

namespace Subx.Tests.Training;

public class ReinforceTests
{
    [Fact]
    public void LogProbabilitiesMatchADirectComputation()
    {
        var logits = tensor(new float[] { 0.3f, -1.2f, 2.0f, 0f });
        var samples = tensor(new float[] { 1, 0, 1, 1, 0, 0, 0, 1 }).reshape(2, 4);
        var got = Reinforce.LogProb(logits, samples).data<float>().ToArray();
        double P(double l) => 1 / (1 + Math.Exp(-l));
        double[] l = [0.3, -1.2, 2.0, 0];
        double first = Math.Log(P(l[0])) + Math.Log(1 - P(l[1])) + Math.Log(P(l[2])) + Math.Log(P(l[3]));
        double second = Math.Log(1 - P(l[0])) + Math.Log(1 - P(l[1])) + Math.Log(1 - P(l[2])) + Math.Log(P(l[3]));
        Assert.Equal(first, got[0], 5);
        Assert.Equal(second, got[1], 5);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void ANegativeOrMissingEntropyBonusIsRefusedByName(double bonus)
    {
        var e = Assert.Throws<SubxException>(() => new TrainConfig { EntropyBonus = bonus }.Validate());
        Assert.Contains("entropy bonus", e.Message);
        new TrainConfig { EntropyBonus = 0 }.Validate(); // none at all is a valid choice
    }

    [Fact]
    public void TheSampleSizeOffsetGivesTheExpectedSizeAsked()
    {
        var rng = new Random(4);
        var space = new Subx.Units.UnitSpace(Enumerable.Range(0, 500).Select(i =>
            new Subx.Units.UnitInfo(new Subx.Units.UnitId(i / 100, i % 3 == 0 ? Subx.Units.UnitKind.AttentionHead : Subx.Units.UnitKind.Mlp, i), 1 + rng.Next(50))));
        var values = Enumerable.Range(0, 500).Select(_ => (float)(rng.NextDouble() * 6 - 3)).ToArray();
        var logits = tensor(values);
        foreach (double size in new[] { 0.01, 0.05, 0.3, 0.9 })
        {
            double s = Reinforce.OffsetForSize(logits, space, size);
            double expected = Enumerable.Range(0, 500).Sum(i => space[i].ParameterCount / (1 + Math.Exp(-(values[i] + s)))) / space.TotalParameters;
            Assert.Equal(size, expected, 6);
            // A constant added to every logit is taken back by the offset.
            Assert.Equal(s - 2, Reinforce.OffsetForSize(logits.Plus(2L), space, size), 5);
        }
        Assert.Throws<SubxException>(() => Reinforce.OffsetForSize(logits, space, 1));
    }

    [Fact]
    public void ABlindPolicyIsNotGivenTheStatisticsItWouldNotRead()
    {
        // rl-unit's policy ignores the observation; on a BERT its statistics cost seconds a task, so none are computed.
        var zoo = TestZoos.Small;
        var pool = zoo.Tasks.Select(t => new PoolTask(t.Data, t.Truth)).ToList();
        var config = new TrainConfig { Iterations = 1, GroupSize = 4, Distractors = 1 };
        var scorer = new Subx.Scoring.Scorer(zoo.Host, new Subx.Scoring.ScorerConfig());
        var blind = new Subx.Observation.ObservationBuilder(zoo.Host);
        var independent = new Subx.Extractors.Policy.IndependentPolicy(zoo.Host.Units.Count, 0.2);
        var m = new Reinforce(independent, new Adam(independent, config.LearningRate), blind, scorer, config).Step(pool, pool, new TrainState());
        Assert.True(zoo.Tasks.All(t => !blind.HasStats(t.Data)));
        Assert.True(m.ContainsKey(Subx.Runs.Metric.TruthAuc)); // the truth is still measured, from the policy's own logits

        var reading = new Subx.Observation.ObservationBuilder(zoo.Host);
        var perceiver = new Subx.Extractors.Policy.PerceiverPolicy(reading.FeatureCount, new Subx.Extractors.Policy.PolicyConfig());
        new Reinforce(perceiver, new Adam(perceiver, config.LearningRate), reading, scorer, config).Step(pool, pool, new TrainState());
        Assert.Contains(zoo.Tasks, t => reading.HasStats(t.Data));
    }

    [Fact]
    public void WithASampleSizeTheSampledSubnetsHaveThatSizeOnAverage()
    {
        var zoo = TestZoos.Small;
        var builder = new Subx.Observation.ObservationBuilder(zoo.Host);
        var policy = new Subx.Extractors.Policy.PerceiverPolicy(builder.FeatureCount, new Subx.Extractors.Policy.PolicyConfig { InitialKeepProbability = 0.5 });
        var config = new TrainConfig { Iterations = 1, GroupSize = 16, Distractors = 1, SampleSize = 0.1 };
        var rl = new Reinforce(policy, new Adam(policy, config.LearningRate), builder, new Subx.Scoring.Scorer(zoo.Host, new Subx.Scoring.ScorerConfig()), config);
        var pool = zoo.Tasks.Select(t => new PoolTask(t.Data, t.Truth)).ToList();
        var m = rl.Step(pool, pool, new TrainState());
        // Unshifted, a keep probability of 0.5 would sample half the host.
        Assert.InRange((double)m["charts/size"], 0.07, 0.13);
        Assert.True((double)m["charts/logit_offset"] < -1);
    }

    [Fact]
    public void EntropyOfAFairCoinIsLog2AndOfACertainOneIsZero()
    {
        var h = Reinforce.BernoulliEntropy(tensor(new float[] { 0, 30 })).data<float>().ToArray();
        Assert.Equal(Math.Log(2), h[0], 5);
        Assert.Equal(0, h[1], 5);
    }

    [Fact]
    public void LeaveOneOutAdvantagesSumToZero()
    {
        var rng = new Random(1);
        for (int trial = 0; trial < 100; trial++)
        {
            var rewards = Enumerable.Range(0, rng.Next(2, 12)).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
            var adv = Reinforce.LeaveOneOut(rewards);
            Assert.Equal(0, adv.Sum(), 10);
            // Each is its reward minus the mean of the others.
            Assert.Equal(rewards[0] - rewards.Skip(1).Average(), adv[0], 12);
        }
    }

    [Fact]
    public void TheSizePenaltyFollowsItsSchedule()
    {
        var baseCfg = new TrainConfig { Iterations = 11, Reward = new Subx.Rewards.RewardConfig { SizePenalty = 0.5 }, FinalSizePenalty = 2 };
        Assert.Equal(0.5, (baseCfg with { Schedule = SizePenaltySchedule.Constant }).SizePenaltyAt(10));
        Assert.Equal(1.25, (baseCfg with { Schedule = SizePenaltySchedule.Linear }).SizePenaltyAt(5), 12);
        Assert.Equal(1.0, (baseCfg with { Schedule = SizePenaltySchedule.Exponential }).SizePenaltyAt(5), 12);
        Assert.Equal(2.0, (baseCfg with { Schedule = SizePenaltySchedule.Exponential }).SizePenaltyAt(10), 12);
        var delayed = baseCfg with { Schedule = SizePenaltySchedule.Linear, ScheduleStart = 6 };
        Assert.Equal(0.5, delayed.SizePenaltyAt(3), 12);
        Assert.Equal(0.5, delayed.SizePenaltyAt(6), 12);
        Assert.Equal(1.25, delayed.SizePenaltyAt(8), 12);
        Assert.Equal(2.0, delayed.SizePenaltyAt(10), 12);
    }

    private static double Rate(TrainConfig config, int iteration) => config.LearningRate * config.LearningRateFactor(iteration);

    [Fact]
    public void TheLearningRateFollowsItsSchedule()
    {
        var cfg = new TrainConfig { Iterations = 10, LearningRate = 1e-3 };
        Assert.Equal(1e-3, Rate(cfg, 9));
        var linear = cfg with { LearningRateSchedule = LearningRateSchedule.Linear };
        Assert.Equal(1e-3, Rate(linear, 0), 15);
        Assert.Equal(5e-4, Rate(linear, 5), 15);
        Assert.Equal(1e-4, Rate(linear, 9), 15);   // the last step is 1/Iterations of the first, never 0
        Assert.Equal(1e-4, Rate(linear, 12), 15);  // past the end (a run stopped early and read again): no lower
        // Continued with more iterations, the run anneals over its new total.
        Assert.Equal(5e-4, Rate(linear with { Iterations = 20 }, 10), 15);
    }

    [Fact]
    public void TheScheduleScalesTheOptimizersOwnRate()
    {
        // rl-unit's Adam starts at its own rate, not TrainConfig.LearningRate; the schedule once
        // overwrote it with the latter and so changed rl-unit's search.
        var zoo = TestZoos.Small;
        var builder = new Subx.Observation.ObservationBuilder(zoo.Host);
        var policy = new Subx.Extractors.Policy.PerceiverPolicy(builder.FeatureCount, new Subx.Extractors.Policy.PolicyConfig());
        var pool = zoo.Tasks.Select(t => new PoolTask(t.Data, t.Truth)).ToList();
        foreach (var (schedule, expected) in new[] { (LearningRateSchedule.Constant, 0.05), (LearningRateSchedule.Linear, 0.025) })
        {
            var config = new TrainConfig { Iterations = 2, GroupSize = 2, Distractors = 1, LearningRate = 1e-3, LearningRateSchedule = schedule };
            var adam = new Adam(policy, 0.05);
            var rl = new Reinforce(policy, adam, builder, new Subx.Scoring.Scorer(zoo.Host, new Subx.Scoring.ScorerConfig()), config);
            var state = new TrainState { Iteration = 1 };
            var m = rl.Step(pool, pool, state);
            Assert.Equal(expected, (double)m["charts/learning_rate"], 12);
            Assert.Equal(expected, adam.LearningRate, 12);
        }
    }

    [Fact]
    public void TheConstantLearningRateScheduleIsLeftOutOfTheConfigsJson()
    {
        // The policy cache hashes TrainConfig's JSON: runs made before the schedule existed must keep their names.
        var constant = System.Text.Json.JsonSerializer.Serialize(new TrainConfig());
        Assert.DoesNotContain(nameof(TrainConfig.LearningRateSchedule), constant);
        var linear = new TrainConfig { LearningRateSchedule = LearningRateSchedule.Linear };
        var json = System.Text.Json.JsonSerializer.Serialize(linear);
        Assert.Contains(nameof(TrainConfig.LearningRateSchedule), json);
        Assert.Equal(linear, System.Text.Json.JsonSerializer.Deserialize<TrainConfig>(json));
    }

    [Fact]
    public void SeedsMixIntoDifferentWellSpreadValues()
    {
        var firstDraws = Enumerable.Range(0, 200).Select(i => new Random(Seeds.Mix(0, i)).Next(6)).ToArray();
        // Consecutive iterations must not repeat one task for long (System.Random with seed+i did for 40 draws).
        int longestRun = 1, run = 1;
        for (int i = 1; i < firstDraws.Length; i++) { run = firstDraws[i] == firstDraws[i - 1] ? run + 1 : 1; longestRun = Math.Max(longestRun, run); }
        Assert.True(longestRun < 8, $"longest run {longestRun}");
        Assert.All(Enumerable.Range(0, 6), k => Assert.Contains(k, firstDraws));
    }
}
