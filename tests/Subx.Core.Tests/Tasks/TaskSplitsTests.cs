using Subx.Tasks;

namespace Subx.Tests.Tasks;

public class TaskSplitsTests
{
    // 60 rows of class 0, 30 of class 1, 10 of class 2, interleaved.
    private static int[] Labels()
    {
        var labels = new List<int>();
        for (int i = 0; i < 60; i++) labels.Add(0);
        for (int i = 0; i < 30; i++) labels.Add(1);
        for (int i = 0; i < 10; i++) labels.Add(2);
        return [.. labels.OrderBy(l => (l * 7919 + labels.Count) % 13)];
    }

    [Fact]
    public void SplitsAreDisjointCoverAllRowsAndAreSorted()
    {
        int[] labels = Labels();
        var s = TaskSplits.Stratified(labels, 3, new SplitConfig());
        int[] all = [.. s.Train, .. s.Validation, .. s.Test];
        Assert.Equal(labels.Length, all.Length);
        Assert.Equal(Enumerable.Range(0, labels.Length), all.Order());
        Assert.Equal(s.Train.Order(), s.Train);
        Assert.Equal(s.Validation.Order(), s.Validation);
        Assert.Equal(s.Test.Order(), s.Test);
    }

    [Fact]
    public void EachSplitKeepsClassProportionsWithinOneRow()
    {
        int[] labels = Labels();
        var config = new SplitConfig(0.2, 0.1, 3);
        var s = TaskSplits.Stratified(labels, 3, config);
        for (int c = 0; c < 3; c++)
        {
            int n = labels.Count(l => l == c);
            Assert.InRange(s.Validation.Count(i => labels[i] == c), n * 0.2 - 1, n * 0.2 + 1);
            Assert.InRange(s.Test.Count(i => labels[i] == c), n * 0.1 - 1, n * 0.1 + 1);
            Assert.InRange(s.Train.Count(i => labels[i] == c), n * 0.7 - 1, n * 0.7 + 1);
        }
    }

    [Fact]
    public void SmallClassesGetARowInEverySplit()
    {
        int[] labels = [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        var s = TaskSplits.Stratified(labels, 2, new SplitConfig(0.15, 0.15));
        Assert.Single(s.Validation, i => labels[i] == 0);
        Assert.Single(s.Test, i => labels[i] == 0);
        Assert.Single(s.Train, i => labels[i] == 0);
    }

    [Fact]
    public void LargeFractionsStillLeaveARowToTrainOn()
    {
        Assert.Equal((1, 1), TaskSplits.Counts(3, 0.5, 0.49));
        Assert.Equal((0, 0), TaskSplits.Counts(1, 0.15, 0.15));
        Assert.Equal((0, 0), TaskSplits.Counts(2, 0.15, 0.15));
        Assert.Equal((2, 0), TaskSplits.Counts(10, 0.15, 0));
    }

    [Fact]
    public void SameSeedGivesSameSplitsAndAnotherSeedDiffers()
    {
        int[] labels = Labels();
        var a = TaskSplits.Stratified(labels, 3, new SplitConfig(Seed: 5));
        var b = TaskSplits.Stratified(labels, 3, new SplitConfig(Seed: 5));
        var c = TaskSplits.Stratified(labels, 3, new SplitConfig(Seed: 6));
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Validation, c.Validation);
    }

    [Theory]
    [InlineData(1.0, 0.1, "split: ValidationFraction: expected a fraction in [0, 1), found 1.")]
    [InlineData(0.1, -0.5, "split: TestFraction: expected a fraction in [0, 1), found -0.5.")]
    [InlineData(0.6, 0.5, "split: ValidationFraction + TestFraction: expected less than 1 (some rows must be left to train on), found 1.1.")]
    public void BadFractionsAreRejected(double validation, double test, string message)
    {
        var ex = Assert.Throws<SubxException>(() => TaskSplits.Stratified([0, 1, 0, 1], 2, new SplitConfig(validation, test)));
        Assert.Equal(message, ex.Message);
    }
}
