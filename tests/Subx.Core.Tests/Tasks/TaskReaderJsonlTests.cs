using Subx.Tasks;

namespace Subx.Tests.Tasks;

public sealed class TaskReaderJsonlTests : IDisposable
{
    private static readonly SplitConfig Split = new();
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void FeatureLinesWithNumericLabels()
    {
        string path = _dir.Write("v.jsonl", "{\"x\":[1,2.5],\"label\":1}\n\n{\"x\":[-3,4e0],\"label\":0}\r\n{\"label\":10,\"x\":[0,0]}\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal("v", task.Name);
        Assert.Equal(TaskInputKind.Features, task.InputKind);
        Assert.Equal([[1f, 2.5f], [-3f, 4f], [0f, 0f]], task.Features!);
        Assert.Equal(["0", "1", "10"], task.Classes);
        Assert.Equal([1, 0, 2], task.Labels);
    }

    [Fact]
    public void TextLinesWithStringLabels()
    {
        string path = _dir.Write("t.jsonl", "{\"text\":\"tab\\there\",\"label\":\"b\"}\n{\"text\":\"hi\",\"label\":\"a\"}\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal(TaskInputKind.Text, task.InputKind);
        Assert.Equal(["tab\there", "hi"], task.Texts!);
        Assert.Equal(["a", "b"], task.Classes);
        Assert.Equal([1, 0], task.Labels);
    }

    private string ErrorOf(string content)
    {
        string path = _dir.Write("e.jsonl", content);
        var ex = Assert.Throws<SubxException>(() => TaskReader.Read(path, Split));
        return ex.Message.Replace(path, "e.jsonl");
    }

    [Fact]
    public void MissingLabelNamesLineAndField()
    {
        Assert.Equal("e.jsonl line 2: label: expected a string or a number, found no \"label\" field.",
            ErrorOf("{\"x\":[1],\"label\":\"a\"}\n{\"x\":[2]}\n"));
    }

    [Fact]
    public void IllTypedLabelNamesItsType()
    {
        Assert.Equal("e.jsonl line 1: label: expected a string or a number, found an array.",
            ErrorOf("{\"text\":\"a\",\"label\":[1]}\n"));
    }

    [Fact]
    public void NeitherXNorTextIsReported()
    {
        Assert.Equal("e.jsonl line 1: x/text: expected an \"x\" array of numbers or a \"text\" string, found neither field.",
            ErrorOf("{\"y\":[1],\"label\":1}\n"));
    }

    [Fact]
    public void MissingXAfterAFeatureLineIsReported()
    {
        Assert.Equal("e.jsonl line 3: x: expected an array of numbers (line 1 has one), found no \"x\" field.",
            ErrorOf("{\"x\":[1],\"label\":1}\n\n{\"text\":\"a\",\"label\":2}\n"));
    }

    [Fact]
    public void MissingTextAfterATextLineIsReported()
    {
        Assert.Equal("e.jsonl line 2: text: expected a string (line 1 has one), found no \"text\" field.",
            ErrorOf("{\"text\":\"a\",\"label\":1}\n{\"x\":[1],\"label\":2}\n"));
    }

    [Fact]
    public void NonNumericFeatureNamesTheElement()
    {
        Assert.Equal("e.jsonl line 2: x[1]: expected a number, found a string (\"b\").",
            ErrorOf("{\"x\":[1,2],\"label\":1}\n{\"x\":[1,\"b\"],\"label\":2}\n"));
    }

    [Fact]
    public void XThatIsNotAnArrayIsReported()
    {
        Assert.Equal("e.jsonl line 1: x: expected an array of numbers, found a number (3).",
            ErrorOf("{\"x\":3,\"label\":1}\n"));
    }

    [Fact]
    public void RaggedXNamesBothLines()
    {
        Assert.Equal("e.jsonl line 2: x: expected 2 numbers (as on line 1), found 3.",
            ErrorOf("{\"x\":[1,2],\"label\":1}\n{\"x\":[1,2,3],\"label\":2}\n"));
    }

    [Fact]
    public void TextThatIsNotAStringIsReported()
    {
        Assert.Equal("e.jsonl line 1: text: expected a string, found null.",
            ErrorOf("{\"text\":null,\"label\":1}\n"));
    }

    [Fact]
    public void InvalidJsonIsReported()
    {
        Assert.Equal("e.jsonl line 2: line: expected one JSON object, found text that is not valid JSON: '{\"x\":[1],'.",
            ErrorOf("{\"x\":[1],\"label\":1}\n{\"x\":[1],\n"));
    }

    [Fact]
    public void NonObjectLineIsReported()
    {
        Assert.Equal("e.jsonl line 1: line: expected one JSON object, found an array.",
            ErrorOf("[1,2]\n"));
    }

    [Fact]
    public void EmptyFileHasNoRows()
    {
        Assert.Equal("e.jsonl: rows: expected at least 2 rows, found 0.", ErrorOf("\n"));
    }

    [Fact]
    public void NumericLabelsAreValuesNotSpellings()
    {
        string path = _dir.Write("n.jsonl", "{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":1.0}\n{\"text\":\"c\",\"label\":0}\n");
        var task = TaskReader.Read(path, Split);
        Assert.Equal(["0", "1"], task.Classes);
        Assert.Equal([1, 1, 0], task.Labels);
    }
}
