using Subx.Tasks;

namespace Subx.Tests.Tasks;

public class MetricsTests
{
    [Fact]
    public void PredictingTheMajorityClassOfAnImbalancedTaskScoresOneHalf()
    {
        int[] actual = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        int[] predicted = new int[10];
        Assert.Equal(0.5, Metrics.BalancedAccuracy(predicted, actual, 2), 12);
    }

    [Fact]
    public void BalancedAccuracyIsTheMeanRecallOfClassesPresent()
    {
        // Class 0: 2 of 4 right; class 1: 1 of 1; class 2: 0 of 1; class 3 absent and ignored.
        int[] actual = [0, 0, 0, 0, 1, 2];
        int[] predicted = [0, 0, 1, 3, 1, 0];
        Assert.Equal((0.5 + 1.0 + 0.0) / 3, Metrics.BalancedAccuracy(predicted, actual, 4), 12);
    }

    [Fact]
    public void PerfectPredictionsScoreOne()
    {
        int[] actual = [2, 0, 1, 1];
        Assert.Equal(1.0, Metrics.BalancedAccuracy(actual, actual, 3), 12);
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Metrics.BalancedAccuracy([0, 1], [0, 1, 1], 2));
    }

    [Theory]
    [InlineData(0.5, 2, 0.0)]
    [InlineData(0.25, 4, 0.0)]
    [InlineData(1.0, 2, 1.0)]
    [InlineData(1.0, 10, 1.0)]
    [InlineData(0.75, 2, 0.5)]
    [InlineData(0.0, 2, -1.0)]
    public void NormalizedScoreMapsChanceToZeroAndPerfectToOne(double bacc, int classes, double expected)
    {
        Assert.Equal(expected, Metrics.NormalizedScore(bacc, classes), 12);
    }

    [Fact]
    public void NormalizedScoreNeedsTwoClasses()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.NormalizedScore(1, 1));
    }
}
