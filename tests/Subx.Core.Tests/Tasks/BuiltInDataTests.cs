using Subx.Tasks;

namespace Subx.Tests.Tasks;

/// <summary>
/// The real text tasks committed under <c>data/</c> (built by <c>data/build/build.mjs</c>) read as text tasks
/// with the documented classes, enough rows per class, and every text exactly as written in the file.
/// </summary>
public sealed class BuiltInDataTests
{
    private static readonly SplitConfig Split = new();

    public static TheoryData<string, string[]> Files => new()
    {
        { "spam_ham", ["ham", "spam"] },
        { "afinn_sign", ["negative", "positive"] },
        { "liu_polarity", ["negative", "positive"] },
        { "name_gender", ["female", "male"] },
        { "sotu_party", ["democratic", "republican"] },
        { "stopword_vs_content", ["content", "stopword"] },
    };

    public static TheoryData<string> Names => new(Files.Select(row => (string)row[0]));

    [Theory]
    [MemberData(nameof(Files))]
    public void ReadsAsATextTaskWithTheExpectedClasses(string name, string[] classes)
    {
        var task = TaskReader.Read(PathOf(name), Split);

        Assert.Equal(name, task.Name);
        Assert.Equal(TaskInputKind.Text, task.InputKind);
        Assert.Equal(classes, task.Classes);
        for (int c = 0; c < classes.Length; c++)
        {
            int rows = task.Labels.Count(label => label == c);
            Assert.True(rows >= 200, $"{name}: class '{classes[c]}' has {rows} rows, fewer than 200");
        }
        Assert.True(task.Count <= 6000, $"{name}: {task.Count} rows, more than the 6000 cap");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TextsAreDistinctNonEmptyAndTrimmed(string name)
    {
        var task = TaskReader.Read(PathOf(name), Split);
        string[] texts = task.Texts!;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string text in texts)
        {
            Assert.True(seen.Add(text), $"{name}: duplicate text '{text}'");
            Assert.NotEqual("", text);
            Assert.Equal(text.Trim(), text);
        }
    }

    /// <summary>
    /// The TSV reader has no quoting, so every row's text is its first cell verbatim; in particular a text that
    /// starts with a double quote is not taken for a quoted field.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void EveryRowReadsBackVerbatim(string name)
    {
        string path = PathOf(name);
        string content = File.ReadAllText(path);
        Assert.DoesNotContain('\r', content);
        Assert.EndsWith("\n", content, StringComparison.Ordinal);

        string[] lines = content[..^1].Split('\n');
        Assert.Equal("text\tlabel", lines[0]);
        var task = TaskReader.Read(path, Split);
        Assert.Equal(lines.Length - 1, task.Count);
        for (int i = 1; i < lines.Length; i++)
        {
            string[] cells = lines[i].Split('\t');
            Assert.Equal(2, cells.Length);
            Assert.Equal(cells[0], task.Texts![i - 1]);
            Assert.Equal(cells[1], task.Classes[task.Labels[i - 1]]);
        }
    }

    /// <summary>These two files do hold texts that start with a quote, so the verbatim check above covers that case.</summary>
    [Theory]
    [InlineData("spam_ham")]
    [InlineData("sotu_party")]
    public void TextsThatStartWithAQuoteKeepIt(string name)
    {
        string path = PathOf(name);
        int quotedLines = File.ReadLines(path).Count(line => line.StartsWith('"'));
        var task = TaskReader.Read(path, Split);

        Assert.True(quotedLines > 0, $"{name}: no row starts with a quote any more; pick another file for this test");
        Assert.Equal(quotedLines, task.Texts!.Count(text => text.StartsWith('"')));
    }

    private static string PathOf(string name) => Path.Combine(RepoRoot(), "data", name + ".tsv");

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Subx.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Subx.slnx above {AppContext.BaseDirectory}.");
    }
}
