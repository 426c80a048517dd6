using Subx.Extractors;
using Subx.Rewards;
using Subx.Runs;
using Subx.Scoring;
using Subx.Tasks;

namespace Subx.Tests.Runs;

/// <summary>The size curve: one ranking cut at several sizes, each cut judged as a subnet is.</summary>
public class SizeCurveTests
{
    [Fact]
    public void EachCutIsJudgedAsThatSubnetAloneWouldBeWithItsDistractorsInOrder()
    {
        var zoo = TestZoos.Small;
        var judge = new Scorer(zoo.Host, new ScorerConfig { Repeats = 2 });
        var request = new ExtractionRequest(zoo.Host, zoo.Tasks[0].Data, [zoo.Tasks[1].Data, zoo.Tasks[2].Data], 0.3, new RewardConfig(), judge, Seed: 4);
        // A ranking that puts T's planted units first.
        double[] scores = [.. Enumerable.Range(0, zoo.Host.Units.Count).Select(i => zoo.Tasks[0].Truth.Mask[i] ? 2.0 : i / 1000.0)];
        var curve = SizeCurve.Measure(request, scores, [0.5, 0.1, 0.3], judge);

        Assert.Equal([0.1, 0.3, 0.5], curve.Select(p => p.Budget));
        foreach (var point in curve)
        {
            Assert.Equal(Subx.Units.Subnet.TopBySize(zoo.Host.Units, scores, point.Budget).Mask, point.Subnet.Mask);
            // The same subnet scored job by job, on the request's seed: T, then each distractor in the request's order.
            double Alone(TaskData task, Control control = Control.Subnet) => judge.ScoreRepeats([new ScoreJob(point.Subnet, task, 4, control)])[0].Average();
            Assert.Equal(Alone(zoo.Tasks[0].Data), point.ScoreT, 3);
            Assert.Equal(Alone(zoo.Tasks[0].Data, Control.RandomUnits), point.RandomUnits, 3);
            Assert.Equal(Alone(zoo.Tasks[1].Data), point.DistractorScores[0], 3);
            Assert.Equal(Alone(zoo.Tasks[2].Data), point.DistractorScores[1], 3);
            Assert.Equal(Reward.Compute(request.Reward, point.ScoreT, point.DistractorScores, point.Subnet).Total, point.Reward.Total, 12);
            Assert.Equal(point.Reward.Total, point.RewardRepeats.Average(), 9);
            Assert.Equal(2, point.RewardRepeats.Count);
        }
    }

    [Fact]
    public void SizesThatCutTheSameSubnetAreListedOnceUnderTheSmallest()
    {
        var zoo = TestZoos.Small;
        double[] scores = [.. Enumerable.Range(0, zoo.Host.Units.Count).Select(i => -(double)i)];
        // 0.2 + 1e-9 is the same budget to the parameter: the same subnet as 0.2.
        var cuts = SizeCurve.Cuts(zoo.Host.Units, scores, [0.2 + 1e-9, 0.2, 0.2, 0.6]);
        Assert.Equal([0.2, 0.6], cuts.Select(c => c.Budget));
        Assert.Equal(2, cuts.Select(c => string.Concat(c.Subnet.Mask.Select(k => k ? '1' : '0'))).Distinct().Count());
    }

    [Fact]
    public void NoSizesOrASizeOutsideZeroOneIsRefused()
    {
        var zoo = TestZoos.Small;
        var judge = new Scorer(zoo.Host, new ScorerConfig());
        var request = new ExtractionRequest(zoo.Host, zoo.Tasks[0].Data, [zoo.Tasks[1].Data], 0.3, new RewardConfig(), judge);
        double[] scores = new double[zoo.Host.Units.Count];
        Assert.Equal("size curve: sizes: expected at least one size, found none.", Assert.Throws<SubxException>(() => SizeCurve.Measure(request, scores, [], judge)).Message);
        Assert.Equal("size curve: sizes: expected fractions of the host's unit parameters in (0, 1], found 1.5.",
            Assert.Throws<SubxException>(() => SizeCurve.Measure(request, scores, [0.1, 1.5], judge)).Message);
    }
}
