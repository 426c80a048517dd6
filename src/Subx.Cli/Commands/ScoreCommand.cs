using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Subx.Cli.Common;
using Subx.Scoring;

namespace Subx.Cli.Commands;

/// <summary>`subx score`: which host, subnet manifest and task.</summary>
public sealed class ScoreSettings : CommandSettings
{
    [CommandOption("--host <HOST>")]
    [Description("The host to score the subnet on (default: the one its subnet.json records, else minilm): `minilm`, `arcticxs`, a BERT .onnx file, a Hugging Face folder, or a zoo folder.")]
    public string? Host { get; set; }

    [CommandOption("--subnet <FILE>")]
    [Description("A subnet.json written by `subx extract`, or the folder holding it (its units are checked against the host; a different recorded host is warned about).")]
    public string? Subnet { get; set; }

    [CommandOption("--task <TASK>")]
    [Description("Task to score on: a built-in text task, a task name of the zoo, or a .tsv/.csv/.jsonl file with the host's inputs.")]
    public string? Task { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Seed of the fine-tunes (the same seed gives the same score).")]
    [DefaultValue(0)]
    public int Seed { get; set; }

    [CommandOption("--ablation <HOW>")]
    [Description(AblationArgument.Description + " (default: the one the subnet's manifest records, else mean).")]
    public string? AblationOption { get; set; }

    /// <summary>The manifest: --subnet itself, or the subnet.json in it when it is a folder (`subx extract --out`).</summary>
    public string SubnetFile => SubnetArgument.File(Subnet!);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Host is not null && HostArgument.Check(Host) is { Successful: false } host) return host;
        if (SubnetArgument.Check(Subnet) is { Successful: false } subnet) return subnet;
        if (string.IsNullOrWhiteSpace(Task)) return ValidationResult.Error("--task: expected a task name (of the zoo, or a built-in text task) or a task file, found nothing.");
        if (AblationArgument.Check(AblationOption) is { Successful: false } ablation) return ablation;
        return ValidationResult.Success();
    }
}

/// <summary>
/// Scores a saved subnet on a task with its three controls, all with the same budget and seed, and
/// knocks its units out of M on that task against random units of its size.
/// </summary>
public sealed class ScoreCommand(IAnsiConsole console, Reporter reporter) : Command<ScoreSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ScoreSettings settings, CancellationToken cancellationToken)
    {
        var (host, subnet, _, recordedAblation) = SubnetManifest.ReadWithHost(settings.SubnetFile, settings.Host, reporter, "scoring it on");
        // As the subnet's own knock-out was made, unless asked otherwise.
        var ablation = settings.AblationOption is { } asked ? AblationArgument.Parse(asked)!.Value : recordedAblation ?? Ablation.Mean;
        var task = HostArgument.Task(host, settings.Task!, "--task");
        reporter.WarnOfSmallTasks([task]);
        var scorer = new Scorer(host.Host, Runs.HostDefaults.For(host.Host).Judge);

        // The subnet and its three controls, each with the judge's repeats.
        var s = reporter.Run($"score on {task.Name}: {4 * scorer.Config.Repeats} fine-tunes", bar => scorer.ScoreWithControls(subnet, task, settings.Seed, bar));
        // And the converse, in M itself: what the task loses without the subnet's units, and what it keeps with them alone.
        var knockout = reporter.Run($"knock-out in M on {task.Name}", bar => Knockout.Measure(host.Host, subnet, [task], settings.Seed, ablation, progress: bar));

        var table = new Table()
            .AddColumn("assister with").AddColumn(new TableColumn("score").RightAligned());
        table.AddRow("the subnet", Format.Score(s.Score));
        table.AddRow("no subnet", Format.Score(s.NoSubnet));
        table.AddRow("re-initialised weights", Format.Score(s.Reinitialized));
        table.AddRow("random units, same size", Format.Score(s.RandomUnits));
        console.WriteTable($"{subnet.UnitCount} units (size {Format.Score(subnet.Size)}) on {task.Name}", table, "0 is chance, 1 is perfect");
        KnockoutTable.Write(console, knockout, ablation);
        LayoutTable.Write(console, subnet);
        console.Summary($"score {Format.Score(s.Score)} on {task.Name}, margin over the best control {Format.Score(s.Margin)}");
        return 0;
    }
}
