using Subx.Extractors;
using Subx.Extractors.Policy;
using Subx.Rewards;
using Subx.Scoring;
using Subx.Units;

namespace Subx.Tests.Extractors;

/// <summary>Continued training's guard: the continued subnet against the zero-shot one, on validation fine-tunes.</summary>
public class ContinueCheckTests
{
    private static ExtractionRequest Request()
    {
        var zoo = TestZoos.Small;
        return new ExtractionRequest(zoo.Host, zoo.Tasks[0].Data, [zoo.Tasks[1].Data], null, new RewardConfig(),
            new Scorer(zoo.Host, new ScorerConfig { Repeats = 2 }), Seed: 3);
    }

    private static Subnet Truth => TestZoos.Small.Tasks[0].Truth;
    private static Subnet Other => TestZoos.Small.Tasks[1].Truth;

    [Fact]
    public void AClearlyWorseContinuedSubnetHandsOverTheZeroShotOne()
    {
        // T's own column against the distractor's: the distractor's column fails T and serves the distractor.
        var check = ContinueCheck.Compare(Request(), start: Truth, end: Other, seeds: 3);
        Assert.True(check.KeptStart);
        Assert.False(check.SameSubnet);
        Assert.Equal(3 * 2, check.FineTunes);
        Assert.True(check.StartReward > check.EndReward + 0.2, $"{check.StartReward} against {check.EndReward}");
        Assert.Equal(check.EndReward - check.StartReward, check.Difference, 9);
        Assert.True(check.Difference + Spread.StudentT99(check.FineTunes - 1) * check.StandardError < 0);
    }

    [Fact]
    public void ABetterContinuedSubnetIsKept()
    {
        var check = ContinueCheck.Compare(Request(), start: Other, end: Truth, seeds: 3);
        Assert.False(check.KeptStart);
        Assert.True(check.Difference > 0.2, check.Difference.ToString());
    }

    [Fact]
    public void ALossWithinTheNoiseKeepsContinuedTrainingAndALossBeyondItDoesNot()
    {
        // The truth less one unit. On these six fine-tunes, going without unit 19 costs 0.0025 ± 0.0063
        // (a tie: the t-test keeps the continued subnet), going without unit 4 costs 0.042 ± 0.006 (clear).
        Subnet Without(int unit)
        {
            var mask = Truth.Mask.ToArray();
            Assert.True(mask[unit]);
            mask[unit] = false;
            return new Subnet(Truth.Space, mask);
        }
        var tie = ContinueCheck.Compare(Request(), start: Truth, end: Without(19), seeds: 3);
        Assert.InRange(tie.Difference, -0.01, 0);
        Assert.False(tie.KeptStart, $"{tie.Difference} ± {tie.StandardError}");
        var loss = ContinueCheck.Compare(Request(), start: Truth, end: Without(4), seeds: 3);
        Assert.InRange(loss.Difference, -0.1, -0.01);
        Assert.True(loss.KeptStart, $"{loss.Difference} ± {loss.StandardError}");
    }

    [Fact]
    public void OneFineTuneSaysNothingOfTheNoiseSoContinuedTrainingStands()
    {
        var request = Request() with { Scorer = new Scorer(TestZoos.Small.Host, new ScorerConfig { Repeats = 1 }) };
        var check = ContinueCheck.Compare(request, start: Truth, end: Other, seeds: 1);
        Assert.Equal(1, check.FineTunes);
        Assert.True(check.Difference < 0);
        Assert.False(check.KeptStart);
    }

    [Fact]
    public void TheSameSubnetIsNotScored()
    {
        var check = ContinueCheck.Compare(Request(), Truth, new Subnet(Truth.Space, Truth.Mask.ToArray()), seeds: 3);
        Assert.True(check.SameSubnet);
        Assert.False(check.KeptStart);
        Assert.Same(ContinueCheck.Unchanged, check);
    }

    [Fact]
    public void TheValidationIsSeededAndNotTheJudges()
    {
        var first = ContinueCheck.Compare(Request(), Truth, Other, seeds: 3);
        Assert.Equal(first, ContinueCheck.Compare(Request(), Truth, Other, seeds: 3));
        // Its fine-tunes are not the judge's: the request's own seed scores the subnet otherwise.
        var request = Request();
        var judged = Subx.Runs.Bench.Evaluate(new FixedExtractor(Truth), request, judge: request.Scorer);
        var validation = ContinueCheck.Compare(request, Truth, Other, seeds: 1);
        Assert.NotEqual(judged.Reward.Total, validation.StartReward);
    }

    [Fact]
    public void FewerThanOneSeedIsRefused()
    {
        var e = Assert.Throws<SubxException>(() => ContinueCheck.Compare(Request(), Truth, Other, seeds: 0));
        Assert.Contains("continue check seeds", e.Message);
    }

    private sealed class FixedExtractor(Subnet subnet) : IExtractor
    {
        public string Name => "fixed";
        public string Description => "a given subnet";
        public ExtractionResult Extract(ExtractionRequest request, IProgress<double>? progress = null) => new(new double[subnet.Space.Count], subnet);
    }
}
