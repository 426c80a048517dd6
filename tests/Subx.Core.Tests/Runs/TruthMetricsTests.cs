using Subx.Runs;
using Subx.Units;

namespace Subx.Tests.Runs;

public class TruthMetricsTests
{
    // Six units in two layers; layer 0 units have 5 parameters and layer 1 units 4, so counting
    // by units (as TruthMetrics does) and by parameters would differ.
    private static readonly UnitSpace Space = new(Enumerable.Range(0, 6).Select(i => new UnitInfo(new UnitId(i / 3, UnitKind.Mlp, i % 3), i < 3 ? 5 : 4)));

    private static Subnet Of(params int[] positions) => new(Space, Enumerable.Range(0, 6).Select(positions.Contains).ToArray());

    [Fact]
    public void PerfectMatch()
    {
        var m = TruthMetrics.Match(Of(0, 1, 4), Of(0, 1, 4));
        Assert.Equal(new TruthMatch(1, 1, 1), m);
    }

    [Fact]
    public void PartialMatchByHand()
    {
        // Kept {0, 1, 2, 3}, truth {0, 4}: 1 hit; precision 1/4, recall 1/2, F1 = 2·(1/8)/(3/4) = 1/3.
        var m = TruthMetrics.Match(Of(0, 1, 2, 3), Of(0, 4));
        Assert.Equal(0.25, m.Precision, 12);
        Assert.Equal(0.5, m.Recall, 12);
        Assert.Equal(1.0 / 3, m.F1, 12);
    }

    [Fact]
    public void DisjointAndEmptySubnetsScoreZeroNotNaN()
    {
        Assert.Equal(new TruthMatch(0, 0, 0), TruthMetrics.Match(Of(1, 2), Of(0, 4)));
        Assert.Equal(new TruthMatch(0, 0, 0), TruthMetrics.Match(Of(), Of(0, 4)));
    }

    [Fact]
    public void AucIsOneWhenEveryTrueUnitScoresHighest()
    {
        Assert.Equal(1.0, TruthMetrics.RocAuc([0.9, 0.1, 0.2, 0.3, 0.8, 0.0], Of(0, 4)), 12);
    }

    [Fact]
    public void AucIsZeroWhenTheRankingIsInverted()
    {
        Assert.Equal(0.0, TruthMetrics.RocAuc([0.0, 0.5, 0.6, 0.7, 0.1, 0.9], Of(0, 4)), 12);
    }

    [Fact]
    public void AllTiedScoresGiveOneHalf()
    {
        Assert.Equal(0.5, TruthMetrics.RocAuc([1, 1, 1, 1, 1, 1], Of(0, 4)), 12);
    }

    [Fact]
    public void TiesBetweenTrueAndOtherUnitsCountHalf()
    {
        // True units 0 (score 0.5) and 4 (score 0.9); others 1..3 at 0.5, 0.2, 0.5 and 5 at 0.1.
        // Pairs (true, other), 2 × 4 = 8: unit 4 beats all 4 → 4; unit 0 beats 2 and 5, ties 1 and 3 → 2 + 2·½ = 3.
        // AUC = 7 / 8.
        Assert.Equal(7.0 / 8, TruthMetrics.RocAuc([0.5, 0.5, 0.2, 0.5, 0.9, 0.1], Of(0, 4)), 12);
    }

    [Fact]
    public void AucNeedsBothClasses()
    {
        Assert.Throws<ArgumentException>(() => TruthMetrics.RocAuc([1, 2, 3, 4, 5, 6], Of()));
        Assert.Throws<ArgumentException>(() => TruthMetrics.RocAuc([1, 2, 3, 4, 5, 6], Of(0, 1, 2, 3, 4, 5)));
    }

    [Fact]
    public void AucRejectsNaNAndWrongLengths()
    {
        Assert.Throws<ArgumentException>(() => TruthMetrics.RocAuc([double.NaN, 0, 0, 0, 0, 0], Of(0)));
        Assert.Throws<ArgumentException>(() => TruthMetrics.RocAuc([1, 2, 3], Of(0)));
    }
}
