namespace Subx.Tests.Cli;

/// <summary>Command-line mistakes Spectre catches, reported in the CLI's form with exit code 2 (no zoo needed).</summary>
public class UsageErrorTests
{
    [Theory]
    [InlineData(new[] { "extract", "--size", "abc" }, "error: --size: expected a number (e.g. 0.25), found 'abc'.")]
    [InlineData(new[] { "bench", "--seed", "x" }, "error: --seed: expected a whole number, found 'x'.")]
    [InlineData(new[] { "zoo", "--tasks", "2.5" }, "error: --tasks: expected a whole number, found '2.5'.")]
    [InlineData(new[] { "train", "--iterations", "x" }, "error: --iterations: expected a whole number, found 'x'.")]
    [InlineData(new[] { "bench", "--continue", "1.5" }, "error: --continue: expected a whole number, found '1.5'.")]
    [InlineData(new[] { "extract", "--host", "z", "--size" }, "error: --size: expected a value after it, found nothing.")]
    [InlineData(new[] { "zoo", "--tasks", "1", "--out", "/tmp/subx-never-written" }, "error: --tasks: expected at least 2 (a task needs distractors), found 1.")]
    [InlineData(new[] { "zoo", "--steps", "0", "--out", "/tmp/subx-never-written" }, "error: --steps: expected at least 1, found 0.")]
    public void BadValuesNameTheOptionAndWhatItTakes(string[] args, string expected)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(expected, r.Err.TrimEnd());
    }

    // An output under a file cannot be written: every command says so before any work (extract used to
    // extract and score first, then die with a stack trace).
    [Theory]
    [InlineData("extract", "--out", true)]
    [InlineData("train", "--out", true)]
    [InlineData("zoo", "--out", true)]
    [InlineData("bench", "--json", false)]
    public void AnOutputUnderAFileIsRefusedBeforeAnyWork(string command, string option, bool folder)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["q.csv"], "text,label\n");
        string target = Path.Combine(tmp["q.csv"], "sub", folder ? "out" : "bench.json");
        string[] args = command switch
        {
            "extract" => ["extract", "--host", tmp.Path, "--task", "linear0", option, target],
            "train" => ["train", "--host", tmp.Path, option, target],
            "bench" => ["bench", "--host", tmp.Path, option, target],
            _ => ["zoo", option, target],
        };
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {option}: expected a path whose folders can be created, found the file '{tmp["q.csv"]}' on the way to '{target}'.", r.Err.TrimEnd());
        Assert.Equal("text,label\n", File.ReadAllText(tmp["q.csv"]));
    }

    [Fact]
    public void UnknownCommandIsAnError()
    {
        var r = CliRunner.Run("extrakt");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Err);
        Assert.Contains("extrakt", r.Err);
    }

    [Fact]
    public void HelpListsEveryCommand()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var command in new[] { "zoo", "extract", "score", "export", "inspect", "compare", "bench", "train", "report" }) Assert.Contains(command, r.Out);
    }

    // Spectre reads descriptions as markup: a bare '[' or ']' (say, "in (0, 1]") makes --help throw.
    [Theory]
    [InlineData("zoo", "--tasks")]
    [InlineData("extract", "--size")]
    [InlineData("score", "--subnet")]
    [InlineData("train", "--entropy-bonus")]
    [InlineData("bench", "--size")]
    [InlineData("report", "--out")]
    public void EveryCommandsHelpRenders(string command, string option)
    {
        var r = CliRunner.Run(command, "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Err);
        Assert.Contains(option, r.Out);
    }
}
