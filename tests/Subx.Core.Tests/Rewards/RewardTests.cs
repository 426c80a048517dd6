using Subx.Rewards;
using Subx.Units;

namespace Subx.Tests.Rewards;

public class RewardTests
{
    private static readonly UnitSpace Space = new(Enumerable.Range(0, 4).Select(i => new UnitInfo(new UnitId(0, UnitKind.Mlp, i), 10)));

    [Fact]
    public void EveryTermIsReportedAndTheTotalIsTheirSum()
    {
        var subnet = new Subnet(Space, [true, true, false, false]);   // size 0.5
        var other = new Subnet(Space, [false, true, true, false]);    // shares unit 1: a quarter of the host
        var cfg = new RewardConfig { DistractorWeight = 0.5, SizePenalty = 0.2, OverlapPenalty = 0.3 };
        var r = Reward.Compute(cfg, 0.9, [0.2, 0.4], subnet, [other, Subnet.Empty(Space)]);
        Assert.Equal(0.3, r.MeanDistractorScore, 12);
        Assert.Equal(0.15, r.DistractorTerm, 12);
        Assert.Equal(0.1, r.SizeTerm, 12);
        Assert.Equal(0.25, r.Overlap, 12);
        Assert.Equal(0.075, r.OverlapTerm, 12);
        Assert.Equal(0.9 - 0.15 - 0.1 - 0.075, r.Total, 12);
    }

    [Fact]
    public void NoDistractorsAndNoArchiveCostNothing()
    {
        var r = Reward.Compute(new RewardConfig(), 0.7, [], Subnet.All(Space));
        Assert.Equal(0.7 - 0.5, r.Total, 12);
        Assert.Equal(0, r.Overlap);
    }

    [Fact]
    public void OverlapCountsEachSharedUnitOnceAndUnsharedUnitsDoNotDiluteIt()
    {
        var a = new Subnet(Space, [true, false, false, false]);
        var b = new Subnet(Space, [true, true, false, false]);
        var subnet = new Subnet(Space, [true, true, false, false]);
        Assert.Equal(0.5, subnet.SharedWith([a, b]), 12);            // units 0 and 1, each counted once
        var padded = new Subnet(Space, [true, true, true, true]);
        Assert.Equal(0.5, padded.SharedWith([a, b]), 12);            // padding with unshared units changes nothing
        Assert.Equal(0, subnet.SharedWith([]));
    }
}
