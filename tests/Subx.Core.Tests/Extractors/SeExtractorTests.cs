using Subx.Extractors;
using Subx.Extractors.Policy;
using Subx.Rewards;
using Subx.Runs;
using Subx.Scoring;
using Subx.Training;

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
}
