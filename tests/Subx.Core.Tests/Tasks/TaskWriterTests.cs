using Subx.Tasks;

namespace Subx.Tests.Tasks;

public sealed class TaskWriterTests : IDisposable
{
    private static readonly SplitConfig Split = new(0.2, 0.2, 7);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void AssertSameData(TaskData expected, TaskData actual)
    {
        Assert.Equal(expected.InputKind, actual.InputKind);
        Assert.Equal(expected.Classes, actual.Classes);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.FeatureDim, actual.FeatureDim);
        Assert.Equal(expected.Splits.Train, actual.Splits.Train);
        Assert.Equal(expected.Splits.Validation, actual.Splits.Validation);
        Assert.Equal(expected.Splits.Test, actual.Splits.Test);
    }

    [Fact]
    public void FeatureTaskRoundTripsBitForBit()
    {
        var random = new Random(1);
        var x = new float[40][];
        var labels = new string[40];
        for (int i = 0; i < 40; i++)
        {
            x[i] = [(float)random.NextDouble() * 1e-7f, (float)(random.NextDouble() - 0.5) * 3e6f, 1f / 3f, float.Epsilon];
            labels[i] = (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var task = TaskData.FromFeatures("feat", x, labels, Split);
        string path = Path.Combine(_dir.Path, "sub", "feat.tsv");
        TaskWriter.WriteTsv(task, path);

        Assert.StartsWith("x0\tx1\tx2\tx3\tlabel\n", File.ReadAllText(path));
        var back = TaskReader.Read(path, Split);
        Assert.Equal("feat", back.Name);
        AssertSameData(task, back);
        for (int i = 0; i < 40; i++) Assert.Equal(task.Features![i], back.Features![i]);
    }

    [Fact]
    public void TextTaskRoundTrips()
    {
        string[] texts = ["hello world", "12", "  padded  ", "a, b; c", "x", "\"quoted\"", "émoji ✓", "7"];
        string[] labels = ["pos", "neg", "pos", "neg", "pos", "neg", "pos", "neg"];
        var task = TaskData.FromTexts("txt", texts, labels, Split);
        string path = Path.Combine(_dir.Path, "txt.tsv");
        TaskWriter.WriteTsv(task, path);

        var back = TaskReader.Read(path, Split);
        AssertSameData(task, back);
        Assert.Equal(texts, back.Texts!);
    }

    [Fact]
    public void TabsAndNewlinesInTextsBecomeSpaces()
    {
        var task = TaskData.FromTexts("txt", ["a\tb", "c\r\nd"], ["1", "2"], Split);
        string path = Path.Combine(_dir.Path, "txt.tsv");
        TaskWriter.WriteTsv(task, path);
        Assert.Equal("text\tlabel\na b\t1\nc  d\t2\n", File.ReadAllText(path));
        Assert.Equal(["a b", "c  d"], TaskReader.Read(path, Split).Texts!);
    }
}
