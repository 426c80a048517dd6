using Subx.Tasks;

namespace Subx.Tests.Tasks;

public class TaskDataTests
{
    private static readonly SplitConfig Split = new();

    [Fact]
    public void NumericLabelsAreOrderedNumerically()
    {
        var task = TaskData.FromTexts("t", ["a", "b", "c", "d"], ["10", "2", "-1", "2"], Split);
        Assert.Equal(["-1", "2", "10"], task.Classes);
        Assert.Equal([2, 1, 0, 1], task.Labels);
        Assert.Equal(3, task.ClassCount);
        Assert.Equal(TaskInputKind.Text, task.InputKind);
        Assert.Equal(0, task.FeatureDim);
        Assert.Null(task.Features);
    }

    [Fact]
    public void TextLabelsAreOrderedOrdinally()
    {
        var task = TaskData.FromTexts("t", ["a", "b", "c"], ["spam", "Ham", "10"], Split);
        Assert.Equal(["10", "Ham", "spam"], task.Classes);
        Assert.Equal([2, 1, 0], task.Labels);
    }

    [Fact]
    public void FeatureTaskExposesRowsAndSplits()
    {
        float[][] x = [[1, 2], [3, 4], [5, 6], [7, 8]];
        var task = TaskData.FromFeatures("f", x, ["a", "b", "a", "b"], Split, "/data/f.tsv");
        Assert.Equal("f", task.Name);
        Assert.Equal("/data/f.tsv", task.SourcePath);
        Assert.Equal(2, task.FeatureDim);
        Assert.Equal(4, task.Count);
        Assert.Equal(4, task.Splits.Train.Length + task.Splits.Validation.Length + task.Splits.Test.Length);

        (float[][] rows, int[] y) = task.Take([3, 0]);
        Assert.Equal([[7f, 8f], [1f, 2f]], rows);
        Assert.Equal([1, 0], y);
        Assert.Equal([1, 1], task.LabelsOf([1, 3]));
        Assert.Throws<InvalidOperationException>(() => task.TakeTexts([0]));
    }

    [Fact]
    public void TakeTextsReturnsTextsAndLabels()
    {
        var task = TaskData.FromTexts("t", ["a", "b", "c"], ["x", "y", "x"], Split);
        (string[] texts, int[] y) = task.TakeTexts([2, 1]);
        Assert.Equal(["c", "b"], texts);
        Assert.Equal([0, 1], y);
        Assert.Throws<InvalidOperationException>(() => task.Take([0]));
    }

    [Fact]
    public void ZeroRowsAreRejected()
    {
        var ex = Assert.Throws<SubxException>(() => TaskData.FromFeatures("f", [], [], Split, "f.tsv"));
        Assert.Equal("f.tsv: rows: expected at least 2 rows, found 0.", ex.Message);
    }

    [Fact]
    public void ASingleClassIsRejected()
    {
        var ex = Assert.Throws<SubxException>(() => TaskData.FromTexts("mail", ["a", "b", "c"], ["spam", "spam", "spam"], Split));
        Assert.Equal("mail: label: expected at least 2 classes, found 1 ('spam').", ex.Message);
    }

    [Fact]
    public void AClassTooSmallForEverySplitIsRejected()
    {
        // 300 rows of one class and 1 of the other scored a perfect 1.000, every control too.
        string[] labels = [.. Enumerable.Repeat("0", 300), "1"];
        var skew = TaskData.FromTexts("skew", labels.Select(l => "t" + l).ToArray(), labels, new SplitConfig(), "skew.tsv");
        var ex = Assert.Throws<SubxException>(() => skew.RequireEveryClassInEverySplit());
        Assert.Equal("skew.tsv: label: expected at least 3 rows of every class (one each for training, validation and test), found 1 row of class '1'.", ex.Message);
        string[] three = [.. Enumerable.Repeat("0", 300), "1", "1", "1"];
        var ok = TaskData.FromTexts("ok", three.Select(l => "t" + l).ToArray(), three, new SplitConfig());
        Assert.Same(ok, ok.RequireEveryClassInEverySplit());
    }

    [Fact]
    public void RaggedFeaturesAreRejected()
    {
        var ex = Assert.Throws<SubxException>(() => TaskData.FromFeatures("f", [[1, 2], [3, 4], [5]], ["a", "b", "a"], Split));
        Assert.Equal("f row 2: features: expected 2 values (as in row 0), found 1.", ex.Message);
    }

    [Fact]
    public void NaNAndInfinityAreRejected()
    {
        var nan = Assert.Throws<SubxException>(() => TaskData.FromFeatures("f", [[1, 2], [3, float.NaN]], ["a", "b"], Split));
        Assert.Equal("f row 1: x1: expected a finite number, found NaN.", nan.Message);
        var inf = Assert.Throws<SubxException>(() => TaskData.FromFeatures("f", [[float.PositiveInfinity, 2], [3, 4]], ["a", "b"], Split));
        Assert.Equal("f row 0: x0: expected a finite number, found Infinity.", inf.Message);
    }

    [Fact]
    public void LabelCountMustMatchRowCount()
    {
        var ex = Assert.Throws<SubxException>(() => TaskData.FromTexts("t", ["a", "b", "c"], ["x", "y"], Split));
        Assert.Equal("t: label: expected 3 labels (one per row), found 2.", ex.Message);
    }

    [Fact]
    public void EqualNumericLabelsAreOneClassHoweverTheyAreSpelt()
    {
        // pandas writes an int column as floats once it has had a missing value: 1 and 1.0 are one class.
        var task = TaskData.FromTexts("t", ["a", "b", "c", "d", "e"], ["1", "0", "1.0", "1e0", "0.0"], Split);
        Assert.Equal(["0", "1"], task.Classes); // each named by its first spelling
        Assert.Equal([1, 0, 1, 1, 0], task.Labels);
        var ex = Assert.Throws<SubxException>(() => TaskData.FromTexts("t", ["a", "b"], ["2", "2.00"], Split));
        Assert.Equal("t: label: expected at least 2 classes, found 1 ('2').", ex.Message);
        // Not every label a number: strings, compared as written.
        Assert.Equal(["1", "1.0", "one"], TaskData.FromTexts("t", ["a", "b", "c"], ["1", "1.0", "one"], Split).Classes);
    }
}
