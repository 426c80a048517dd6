using Subx.Tasks;

namespace Subx.Tests.Tasks;

public sealed class TaskReaderDelimitedTests : IDisposable
{
    private static readonly SplitConfig Split = new();
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TsvWithoutHeaderIsAFeatureTask()
    {
        string path = _dir.Write("iris.tsv", "1.5\t2\tcat\n3\t-4e1\tdog\n\n5\t6\tcat\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal("iris", task.Name);
        Assert.Equal(path, task.SourcePath);
        Assert.Equal(TaskInputKind.Features, task.InputKind);
        Assert.Equal([[1.5f, 2f], [3f, -40f], [5f, 6f]], task.Features!);
        Assert.Equal(["cat", "dog"], task.Classes);
        Assert.Equal([0, 1, 0], task.Labels);
    }

    [Fact]
    public void TsvHeaderIsDetectedWhenTheLabelColumnIsNumericBelowIt()
    {
        string path = _dir.Write("h.tsv", "a\tb\tclass\n1\t2\t0\n3\t4\t1\n");
        var task = TaskReader.Read(path, Split, name: "custom");
        Assert.Equal("custom", task.Name);
        Assert.Equal(2, task.Count);
        Assert.Equal(["0", "1"], task.Classes);
    }

    [Fact]
    public void HeaderIsDetectedWhenAFeatureColumnIsNumericBelowIt()
    {
        string path = _dir.Write("h.tsv", "width\theight\tkind\n1\t2\tcat\n3\t4\tdog\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal(2, task.Count);
        Assert.Equal([[1f, 2f], [3f, 4f]], task.Features!);
    }

    [Fact]
    public void AHeaderCellNamedLabelMarksTheLabelColumnAnywhere()
    {
        string path = _dir.Write("h.csv", "label,f1,f2\nyes,1,2\nno,3,4\nyes,5,6\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal(TaskInputKind.Features, task.InputKind);
        Assert.Equal([[1f, 2f], [3f, 4f], [5f, 6f]], task.Features!);
        Assert.Equal(["no", "yes"], task.Classes);
        Assert.Equal([1, 0, 1], task.Labels);
    }

    [Fact]
    public void OneNonNumericInputColumnIsATextTask()
    {
        string path = _dir.Write("reviews.tsv", "great film\tpos\nawful\tneg\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal(TaskInputKind.Text, task.InputKind);
        Assert.Equal(["great film", "awful"], task.Texts!);
        Assert.Equal(["neg", "pos"], task.Classes);
    }

    [Fact]
    public void TextHeaderNamedLabelIsSkipped()
    {
        string path = _dir.Write("reviews.tsv", "text\tlabel\r\ngreat film\tpos\r\nawful\tneg\r\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal(["great film", "awful"], task.Texts!);
    }

    [Fact]
    public void CsvWithoutHeaderIsAFeatureTask()
    {
        string path = _dir.Write("p.csv", "0.5,1,a\r\n2,3,b\r\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal([[0.5f, 1f], [2f, 3f]], task.Features!);
        Assert.Equal(["a", "b"], task.Classes);
    }

    [Fact]
    public void CsvHandlesQuotedCommasDoubledQuotesAndNewlines()
    {
        string path = _dir.Write("q.csv",
            "text,label\n" +
            "\"hello, world\",pos\n" +
            "\"she said \"\"no\"\"\",neg\n" +
            "\"two\nlines\",\"pos\"\n" +
            "plain,neg\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal(TaskInputKind.Text, task.InputKind);
        Assert.Equal(["hello, world", "she said \"no\"", "two\nlines", "plain"], task.Texts!);
        Assert.Equal([1, 0, 1, 0], task.Labels);
    }

    [Fact]
    public void CsvLineNumbersCountNewlinesInsideQuotes()
    {
        string path = _dir.Write("q.csv", "\"a\nb\",x\n\"c\",y\nd,e,z\n");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Equal($"{path} line 4: columns: expected 2 columns, found 3.", ex.Message);
    }

    [Fact]
    public void UnterminatedQuoteIsReported()
    {
        string path = _dir.Write("q.csv", "a,x\n\"b,y\nc,x\n");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Equal($"{path} line 2: column 1: expected a closing quote for the quoted field that starts here, found the end of the file.", ex.Message);
    }

    [Fact]
    public void WrongColumnCountNamesTheLine()
    {
        string path = _dir.Write("bad.tsv", "1\t2\ta\n\n3\t4\tb\n5\tb\n");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Equal($"{path} line 4: columns: expected 3 columns, found 2.", ex.Message);
    }

    [Fact]
    public void NonNumericCellInANumericTaskNamesLineColumnAndValue()
    {
        string path = _dir.Write("bad.tsv", "w\th\tlabel\n1\t2\ta\n3\tfoo\tb\n");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Equal($"{path} line 3: column 2 ('h'): expected a number (the input columns of a task with more than one are all numeric), found 'foo'.", ex.Message);
    }

    [Fact]
    public void NonNumericCellWithoutHeaderNamesTheColumnIndex()
    {
        string path = _dir.Write("bad.csv", "1,2,a\n3,x,b\n");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Contains($"{path} line 2: column 2: expected a number", ex.Message);
        Assert.EndsWith("found 'x'.", ex.Message);
    }

    [Fact]
    public void NaNCellIsRejectedWithItsLine()
    {
        string path = _dir.Write("bad.tsv", "1\t2\ta\nNaN\t4\tb\n");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Equal($"{path} line 2: column 1: expected a finite number within float range, found 'NaN'.", ex.Message);
    }

    [Fact]
    public void EmptyLabelNamesTheLine()
    {
        string path = _dir.Write("bad.csv", "1,2,a\n3,4, \n5,6,b\n");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Equal($"{path} line 2: label: expected a class label, found an empty cell.", ex.Message);
    }

    [Fact]
    public void HeaderOnlyFileHasNoRows()
    {
        string path = _dir.Write("empty.tsv", "x0\tlabel\n");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Equal($"{path}: rows: expected at least 2 rows, found 0.", ex.Message);
    }

    [Fact]
    public void EmptyFileHasNoRows()
    {
        string path = _dir.Write("empty.csv", "\n\n");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Equal($"{path}: rows: expected at least 2 rows, found 0.", ex.Message);
    }

    [Fact]
    public void SingleClassFileIsRejected()
    {
        string path = _dir.Write("one.tsv", "hi\tspam\nthere\tspam\n");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Equal($"{path}: label: expected at least 2 classes, found 1 ('spam').", ex.Message);
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        string path = Path.Combine(_dir.Path, "nope.tsv");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Equal($"{path}: file: expected an existing file, found no such file.", ex.Message);
    }

    [Fact]
    public void UnknownExtensionNamesItAndTheAcceptedOnes()
    {
        string path = _dir.Write("data.txt", "1\ta\n");
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        Assert.Equal($"{path}: extension: expected one of .tsv, .csv, .jsonl, found '.txt'.", ex.Message);
    }

    [Fact]
    public void AHeaderCellNamedLabelInAnyCaseIsTheHeader()
    {
        string path = _dir.Write("reviews.csv", "Text,Label\ngreat film,pos\nawful,neg\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal(["great film", "awful"], task.Texts!);
        Assert.Equal(["neg", "pos"], task.Classes);
    }

    [Fact]
    public void NumericLabelsWrittenAsFloatsAreTheSameClasses()
    {
        string path = _dir.Write("p.tsv", "text\tlabel\ngood\t1.0\nbad\t0\nfine\t1\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal(["0", "1.0"], task.Classes);
        Assert.Equal([1, 0, 1], task.Labels);
    }

    [Fact]
    public void AHeaderReadAsARowIsPointedOut()
    {
        // `sentence,sentiment` over text labels cannot be told from a row; its class is the one too small.
        string rows = string.Concat(Enumerable.Range(0, 60).Select(i => $"text {i},{(i % 2 == 0 ? "pos" : "neg")}\n"));
        string path = _dir.Write("r.csv", "sentence,sentiment\n" + rows);
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split).RequireEveryClassInEverySplit());
        Assert.Equal($"{path}: label: expected at least 3 rows of every class (one each for training, validation and test), " +
            "found 1 row of class 'sentiment' (the first line's: if it is a header, name its label column `label`).", ex.Message);
        // With a header recognised, a small class of the first data row is only that.
        path = _dir.Write("s.csv", "text,label\na,rare\n" + rows);
        ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split).RequireEveryClassInEverySplit());
        Assert.EndsWith("found 1 row of class 'rare'.", ex.Message);
    }
}
