using Subx.Extractors;
using Subx.Extractors.Policy;
using Subx.Rewards;
using Subx.Runs;
using Subx.Scoring;
using Subx.Training;
using static TorchSharp.torch;

namespace Subx.Tests.Extractors;

/// <summary>The SE extractor's continued training on T.</summary>
public class SeExtractorTests
{
    private static ExtractionRequest Request(double? size)
    {
        var zoo = TestZoos.Small;
        return new ExtractionRequest(zoo.Host, zoo.Tasks[0].Data, [zoo.Tasks[1].Data], size, new RewardConfig(), new Scorer(zoo.Host, new ScorerConfig()));
    }

    [Fact]
    public void WithABudgetContinuedTrainingSamplesSubnetsOfThatSizeAtItsOwnRate()
    {
        var options = new ExtractorOptions { BudgetLearningRate = 0.02 };
        var settings = SeExtractor.ContinueSettings(options, Request(0.2));
        Assert.Equal(0.2, settings.SampleSize);
        Assert.Equal(0.02, settings.LearningRate);
        // Everything else is the options' own.
        Assert.Equal(options.Train with { SampleSize = 0.2, LearningRate = 0.02 }, settings);
    }

    [Fact]
    public void WithoutABudgetContinuedTrainingIsTrainedAsConfigured()
    {
        var options = new ExtractorOptions { BudgetLearningRate = 0.02 };
        Assert.Equal(options.Train, SeExtractor.ContinueSettings(options, Request(null)));
        var sized = options with { Train = new TrainConfig { SampleSize = 0.1 } };
        Assert.Equal(sized.Train, SeExtractor.ContinueSettings(sized, Request(null)));
        Assert.Equal(0.3, SeExtractor.ContinueSettings(sized, Request(0.3)).SampleSize);
    }

    [Fact]
    public void ContinuedTrainingOnTextKeepsTheSesOwnTrainingRate()
    {
        // One noisy fine-tune per sample on a BERT host: the zoo's larger step around a budget would
        // undo the gate prior there (docs/BENCHMARKS.md, "The gate prior").
        Assert.Equal(HostDefaults.Text.Se.Train.LearningRate, HostDefaults.Text.Extractors.BudgetLearningRate);
        Assert.True(HostDefaults.Zoo.Extractors.BudgetLearningRate > HostDefaults.Zoo.Extractors.Train.LearningRate);
    }

    [Fact]
    public void ContinuedTrainingThatRuinsTheSubnetHandsOverTheZeroShotOne()
    {
        // An SE at its gate prior (one tiny training step) ranks T's column first. Continued training
        // with an absurd step scrambles its logits; its own check finds that subnet clearly worse and
        // hands over the zero-shot one, units and scores alike.
        using var dir = new TempDir();
        var zoo = TestZoos.Small;
        var pool = zoo.Tasks.Select(t => new PoolTask(t.Data, t.Truth)).ToList();
        var config = new SeRunConfig(
            new TrainConfig { Iterations = 1, GroupSize = 2, Distractors = 1, LearningRate = 1e-9, Seed = 5 },
            new PolicyConfig { Width = 16, Latents = 4, Heads = 2, GatePrior = 1, GatePriorDistractors = 0.5 },
            new Subx.Observation.ObservationConfig { MaxRows = 300, Gates = new Subx.Extractors.Baselines.MaskConfig { Steps = 200, BatchSize = 64 } });
        var scorer = new Scorer(zoo.Host, new ScorerConfig { Repeats = 2 });
        SeRun.Train(scorer, pool, pool, config, dir.Path, resume: false);
        var request = new ExtractionRequest(zoo.Host, zoo.Tasks[0].Data, [zoo.Tasks[1].Data, zoo.Tasks[2].Data], zoo.Tasks[0].Truth.Size,
            new RewardConfig(), scorer);

        var zeroShot = new SeExtractor(new ExtractorOptions { PolicyDir = dir.Path }).Extract(request);
        Assert.Null(zeroShot.ContinueCheck);
        // The gates it reads are fitted under the extraction's seed, so another seed shows their spread.
        var reseeded = new SeExtractor(new ExtractorOptions { PolicyDir = dir.Path }).Extract(request with { Seed = 3 });
        Assert.NotEqual(zeroShot.UnitScores, reseeded.UnitScores);
        // With two gate fits it reads their average (fits 0 and 1 for seed 0): its logits are the policy's on that observation.
        var averaged = new SeExtractor(new ExtractorOptions { PolicyDir = dir.Path, GateFits = 2 }).Extract(request);
        var (policy, info) = Checkpoint.LoadPolicy(dir.Path);
        using (no_grad())
        {
            var observation = new Subx.Observation.ObservationBuilder(zoo.Host, info.Observation, gateSeed: 0, gateFits: 2).Build(request.Task, request.Distractors);
            var direct = policy.Logits(observation).data<float>().ToArray();
            Assert.Equal(direct.Length, averaged.UnitScores.Length);
            for (int i = 0; i < direct.Length; i++) Assert.Equal(direct[i], averaged.UnitScores[i], 5);
        }
        Assert.NotEqual(zeroShot.UnitScores, averaged.UnitScores);
        var ruined = new SeExtractor(new ExtractorOptions { PolicyDir = dir.Path, ContinueIterations = 3, BudgetLearningRate = 50 }).Extract(request);
        var check = Assert.IsType<ContinueCheck>(ruined.ContinueCheck);
        Assert.True(check.KeptStart, $"zero-shot {check.StartReward}, continued {check.EndReward}");
        Assert.Equal(zeroShot.Subnet.Mask, ruined.Subnet.Mask);
        Assert.Equal(zeroShot.UnitScores, ruined.UnitScores);

        // A sound step keeps what continued training found (or ends on the same subnet).
        var sound = new SeExtractor(new ExtractorOptions { PolicyDir = dir.Path, ContinueIterations = 3 }).Extract(request);
        Assert.False(Assert.IsType<ContinueCheck>(sound.ContinueCheck).KeptStart);
    }
}
