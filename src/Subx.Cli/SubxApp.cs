using Spectre.Console;
using Spectre.Console.Cli;
using Subx.Cli.Commands;
using Subx.Cli.Common;

namespace Subx.Cli;

/// <summary>
/// The `subx` command line: every command registered on one Spectre <see cref="CommandApp"/>, run
/// against writers given by the caller so tests can run it in-process and read what it printed.
/// </summary>
public static class SubxApp
{
    /// <summary>Exit code of a bad input: a <see cref="SubxException"/>, a failed validation or an unparsable command line.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code of a read or write the file system refused (permissions, a full disk), reported as `error: message`.</summary>
    public const int Failed = 1;

    /// <summary>Width used when the output is not a terminal: wide enough that the bench table does not wrap.</summary>
    private const int PipedWidth = 160;

    /// <summary>
    /// Runs one command line and returns its exit code: 0 on success, <see cref="BadInput"/> on bad
    /// input and <see cref="Failed"/> when the file system refuses a read or write (either with
    /// `error: message` on <paramref name="err"/>, no stack trace).
    /// </summary>
    /// <param name="args">The arguments after `subx`.</param>
    /// <param name="out">Where results go: tables and summary lines.</param>
    /// <param name="err">Where progress bars, warnings and errors go.</param>
    /// <param name="outIsTerminal">Whether <paramref name="out"/> is a terminal: colour; otherwise plain lines.</param>
    /// <param name="errIsTerminal">Whether <paramref name="err"/> is a terminal: live progress bars and the error in red; otherwise plain lines.</param>
    public static int Run(string[] args, TextWriter @out, TextWriter err, bool outIsTerminal = false, bool errIsTerminal = false)
    {
        // One dispose scope around the whole command. TorchSharp frees a tensor no scope holds when the
        // garbage collector finalizes it, and a temporary (the unnamed result of one call passed to the
        // next) can be finalized while libtorch still reads it. Subx's loops have scopes of their own;
        // this one holds whatever is made outside them, one-off constructions' temporaries above all,
        // until the command ends (docs/ARCHITECTURE.md, "Nothing is left to the finalizer").
        using var tensors = TorchSharp.torch.NewDisposeScope();
        return RunInCallersScope(args, @out, err, outIsTerminal, errIsTerminal);
    }

    /// <summary>
    /// <see cref="Run"/> without the command's own dispose scope: what the command makes outside its
    /// narrower scopes goes to the caller's. The harness (`Subx.Bench cli-scope`) counts it so.
    /// </summary>
    internal static int RunInCallersScope(string[] args, TextWriter @out, TextWriter err, bool outIsTerminal = false, bool errIsTerminal = false)
    {
        var console = CreateConsole(@out, outIsTerminal);
        var errors = CreateConsole(err, errIsTerminal);
        var app = new CommandApp();
        app.Configure(c =>
        {
            c.SetApplicationName("subx");
            c.ConfigureConsole(console);
            c.Settings.Registrar.RegisterInstance(new Reporter(errors)); // progress and warnings go to standard error, as tqdm's do
            c.PropagateExceptions();
            c.UseStrictParsing(); // a mistyped option is an error, not a silently ignored argument
            c.AddCommand<ZooCommand>("zoo")
                .WithDescription("Build a planted zoo: a multi-task MLP host whose per-task units (the truth) are known.")
                .WithExample("zoo", "--out", "zoo", "--tasks", "6");
            c.AddCommand<ExtractCommand>("extract")
                .WithDescription("Extract a task's subnet from a host (MiniLM by default, or a zoo), score it with its controls, and write subnet.json and subnet.safetensors.")
                .WithExample("extract")
                .WithExample("extract", "--task", "reviews.tsv", "--extractor", "attribution", "--size", "0.02")
                .WithExample("extract", "--host", "zoo", "--task", "linear0", "--extractor", "magnitude", "--size", "0.2", "--out", "runs/linear0")
                .WithExample("extract", "--host", "zoo", "--task", "mlp4", "--extractor", "se", "--policy", "runs/se", "--out", "runs/mlp4");
            c.AddCommand<ScoreCommand>("score")
                .WithDescription("Score a subnet.json on a task, with its controls (no subnet, re-initialised, random units).")
                .WithExample("score", "--host", "zoo", "--subnet", "runs/linear0/subnet.json", "--task", "linear0");
            c.AddCommand<ExportCommand>("export")
                .WithDescription("Write a saved subnet as a model of its host's shape and format, every other unit zeroed: for a BERT a Hugging Face BertModel folder, for a zoo host.json + host.safetensors.")
                .WithExample("export", "--subnet", "runs/extract/afinn_sign-se")
                .WithExample("export", "--subnet", "runs/linear0/subnet.json", "--out", "runs/linear0-model");
            c.AddCommand<InspectCommand>("inspect")
                .WithDescription("Show what a saved subnet's units respond to on a task: the class each fires for, how well it alone tells it apart (ROC-AUC), and the rows it fires most on.")
                .WithExample("inspect", "--subnet", "runs/extract/afinn_sign-se")
                .WithExample("inspect", "--subnet", "runs/linear0", "--units", "0", "--json", "units.json");
            c.AddCommand<CompareCommand>("compare")
                .WithDescription("Compare saved subnets of one host: the units and heads each pair keeps, and their overlap beside what random units of the same sizes share.")
                .WithExample("compare", "runs/extract/afinn_sign-se", "runs/extract/afinn_sign-mask");
            c.AddCommand<TrainCommand>("train")
                .WithDescription("Train the subnet extractor (SE) by reinforcement learning on a host's tasks (a zoo's, or text tasks on a BERT host), or continue a run (--resume); then judge it zero-shot on every task.")
                .WithExample("train", "--host", "zoo", "--tasks", "linear0,mlp1,parity2,linear3", "--holdout", "mlp4,parity5", "--out", "runs/se")
                .WithExample("train", "--host", "zoo", "--tasks", "mlp4,parity5", "--out", "runs/se", "--resume", "--iterations", "200");
            c.AddCommand<BenchCommand>("bench")
                .WithDescription("Run extractors on every task of a zoo, or on the built-in text tasks of a BERT host, and judge them by reward and against the truth; benching `se` without --policy first trains one on the tasks not held out.")
                .WithExample("bench", "--host", "zoo", "--extractors", "random,magnitude", "--json", "bench.json")
                .WithExample("bench", "--host", "zoo", "--holdout", "mlp4,parity5", "--continue", "20", "--json", "bench.json");
            c.AddCommand<ReportCommand>("report")
                .WithDescription("Write the HTML report, with PNG figures, of an extraction folder, an SE run folder or a bench JSON file (extract, train and bench --json write theirs themselves).")
                .WithExample("report", "runs/extract/afinn_sign-se")
                .WithExample("report", "runs/bench.json", "--out", "bench.html");
        });
        try
        {
            return app.Run(args);
        }
        catch (SubxException e)
        {
            return Fail(errors, e.Message);
        }
        catch (CommandAppException e)
        {
            // Unknown options, missing values and failed validations: the user's to fix, like a SubxException.
            return Fail(errors, UsageErrors.Explain(e.Message, args));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The file system refused what the checks could not foresee (permissions, a full disk): its
            // message names the path; a stack trace would add nothing the user can act on.
            return Fail(errors, e.Message, Failed);
        }
    }

    private static int Fail(IAnsiConsole errors, string message, int code = BadInput)
    {
        if (errors.Profile.Capabilities.Ansi) errors.MarkupLine($"[red]error: {Markup.Escape(message)}[/]");
        else errors.Profile.Out.Writer.WriteLine($"error: {message}"); // unwrapped, so a script can grep it whole
        return code;
    }

    /// <summary>
    /// Writes a line as it is, never wrapped at the console's width: a final summary line, or the line
    /// that says where a report went — the lines a script or a log reader looks for (and piped progress
    /// may not have reached 100%).
    /// </summary>
    internal static void Summary(this IAnsiConsole console, string line) => console.Profile.Out.Writer.WriteLine(line);

    /// <summary>
    /// Writes a table under a heading line and, when given, over a note line, both as they are: Spectre
    /// centres a table's own title and caption and wraps them at the table's width, which breaks a long
    /// line mid-phrase.
    /// </summary>
    internal static void WriteTable(this IAnsiConsole console, string heading, Table table, string? note = null)
    {
        console.Summary(heading);
        console.Write(table);
        if (note is not null) console.Summary(note);
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive) console.Profile.Width = PipedWidth;
        return console;
    }
}
