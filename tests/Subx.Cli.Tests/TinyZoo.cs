namespace Subx.Tests.Cli;

/// <summary>
/// A tiny zoo built once through `subx zoo` for every CLI test: 2 linear tasks, 8 inputs, 4 units
/// per task and 2 shared per layer (20 units), 300 training steps — a few seconds, and still above
/// the zoo's 95% accuracy check. Also one extraction (magnitude, size 0.4) that the score tests read.
/// </summary>
public sealed class TinyZoo : IDisposable
{
    public static readonly string[] ZooArgs =
        ["--tasks", "2", "--kinds", "linear", "--group", "4", "--shared", "2", "--inputs", "8", "--samples", "1500", "--steps", "300"];

    private readonly TempDir _root = new();

    public TinyZoo()
    {
        Dir = _root["zoo"];
        Build = CliRunner.Run(["zoo", "--out", Dir, .. ZooArgs]);
        if (Build.ExitCode != 0) throw new InvalidOperationException($"the tiny zoo did not build:\n{Build}");
        ExtractDir = _root["extract"];
        Extract = CliRunner.Run("extract", "--host", Dir, "--task", "linear0", "--extractor", "magnitude", "--size", "0.4", "--out", ExtractDir);
        if (Extract.ExitCode != 0) throw new InvalidOperationException($"the tiny extraction failed:\n{Extract}");
        _run = new Lazy<string>(TrainRun);
    }

    /// <summary>
    /// An SE run trained on linear0 with linear1 held out (3 iterations, groups of 2), trained on
    /// first use: the extract and bench tests read it; tests that write to a run train their own.
    /// </summary>
    public string Run => _run.Value;

    private readonly Lazy<string> _run;

    private string TrainRun()
    {
        string dir = _root["run"];
        var r = CliRunner.Run(["train", "--host", Dir, "--holdout", "linear1", "--out", dir, .. TrainArgs]);
        if (r.ExitCode != 0) throw new InvalidOperationException($"the tiny SE run failed:\n{r}");
        return dir;
    }

    /// <summary>The tiny training budget of every `subx train` in the tests.</summary>
    public static readonly string[] TrainArgs = ["--iterations", "3", "--group-size", "2"];

    /// <summary>The zoo folder (tasks linear0 and linear1).</summary>
    public string Dir { get; }
    /// <summary>What `subx zoo` printed.</summary>
    public CliResult Build { get; }
    /// <summary>The folder of a magnitude extraction of linear0.</summary>
    public string ExtractDir { get; }
    /// <summary>What that `subx extract` printed.</summary>
    public CliResult Extract { get; }
    /// <summary>A scratch folder for one test's outputs.</summary>
    public string Scratch(string name) => _root[name + "-" + Guid.NewGuid().ToString("N")[..8]];

    public void Dispose() => _root.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TinyZooCollection : ICollectionFixture<TinyZoo>
{
    public const string Name = "tiny zoo";
}
