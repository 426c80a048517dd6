using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Subx.Cli.Common;
using Subx.Hosts;
using Subx.Runs;

namespace Subx.Cli.Commands;

/// <summary>`subx zoo`: options for building a planted zoo. Unset options take <see cref="ZooConfig"/>'s defaults.</summary>
public sealed class ZooSettings : CommandSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Folder to write the zoo into (must not already hold a zoo or host).")]
    public string? Out { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Seed for every random choice: task definitions, data, initialisation, permutation (default 0).")]
    public int? Seed { get; set; }

    [CommandOption("--tasks <N>")]
    [Description("Number of tasks, one column of units and one head each (default 6).")]
    public int? Tasks { get; set; }

    [CommandOption("--layers <N>")]
    [Description("Number of hidden layers (default 2).")]
    public int? Layers { get; set; }

    [CommandOption("--group <N>")]
    [Description("Units per task per hidden layer (default 24).")]
    public int? Group { get; set; }

    [CommandOption("--shared <N>")]
    [Description("Generic units per hidden layer, trained by every task (default 16).")]
    public int? Shared { get; set; }

    [CommandOption("--inputs <N>")]
    [Description("Number of input features (default 24).")]
    public int? Inputs { get; set; }

    [CommandOption("--kinds <LIST>")]
    [Description("Task kinds cycled over the tasks, a comma list of linear, mlp, parity (default linear,mlp,parity).")]
    public string? Kinds { get; set; }

    [CommandOption("--noise <X>")]
    [Description("Std of the off-block weights added after training, relative to the trained weights' RMS (default 0.05).")]
    public double? Noise { get; set; }

    [CommandOption("--samples <N>")]
    [Description("Samples per task dataset, split into train/validation/test (default 20000).")]
    public int? Samples { get; set; }

    [CommandOption("--steps <N>")]
    [Description("Adam steps to train the host (default 8000).")]
    public int? Steps { get; set; }

    /// <summary>The zoo's config: every option given, <see cref="ZooConfig"/>'s default for the rest.</summary>
    public ZooConfig ToConfig()
    {
        var d = new ZooConfig();
        return d with
        {
            Seed = Seed ?? d.Seed,
            Tasks = Tasks ?? d.Tasks,
            Layers = Layers ?? d.Layers,
            Group = Group ?? d.Group,
            Shared = Shared ?? d.Shared,
            Inputs = Inputs ?? d.Inputs,
            Kinds = Kinds is null ? d.Kinds : Kinds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Noise = Noise ?? d.Noise,
            Samples = Samples ?? d.Samples,
            TrainSteps = Steps ?? d.TrainSteps,
        };
    }

    /// <summary>The option that sets each field of <see cref="ZooConfig"/> that has one, for its errors.</summary>
    private static readonly Dictionary<string, string> Options = new()
    {
        ["tasks"] = "--tasks", ["layers"] = "--layers", ["group"] = "--group", ["shared"] = "--shared", ["inputs"] = "--inputs",
        ["kinds"] = "--kinds", ["noise"] = "--noise", ["samples"] = "--samples", ["train steps"] = "--steps",
    };

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out: expected a folder to write the zoo into, found nothing.");
        if (OutputPath.Problem("--out", Out, folder: true) is { } outProblem) return ValidationResult.Error(outProblem);
        if (File.Exists(Path.Combine(Out, MlpHost.ConfigFile)) || File.Exists(Path.Combine(Out, Zoo.TruthFile)))
            return ValidationResult.Error($"--out: expected an empty or new folder, found a zoo or host already in '{Out}'.");
        try { ToConfig().Validate("zoo options", field => Options.TryGetValue(field, out var option) ? option : $"zoo options: {field} (set by --inputs)"); }
        catch (SubxException e) { return ValidationResult.Error(e.Message); }
        return ValidationResult.Success();
    }
}

/// <summary>Builds a planted zoo, prints each task's accuracy and ablation check, and saves it (nothing is written if a check fails).</summary>
public sealed class ZooCommand(IAnsiConsole console, Reporter reporter) : Command<ZooSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ZooSettings settings, CancellationToken cancellationToken)
    {
        var config = settings.ToConfig();
        string dir = settings.Out!;
        var zoo = reporter.Run($"train host ({config.Tasks} tasks, {config.TrainSteps} steps)", bar =>
            Zoo.Build(config, new Inline<(int Step, int Total)>(p => bar.Report((double)p.Step / p.Total))));

        var table = new Table()
            .AddColumn("task").AddColumn("kind").AddColumn(new TableColumn("units").RightAligned())
            .AddColumn(new TableColumn("host test acc.").RightAligned())
            .AddColumn(new TableColumn("own units ablated").RightAligned())
            .AddColumn(new TableColumn("worst other task, these ablated").RightAligned());
        for (int t = 0; t < zoo.Tasks.Count; t++)
        {
            var task = zoo.Tasks[t];
            double worstOther = Enumerable.Range(0, zoo.Tasks.Count).Where(u => u != t).Min(u => zoo.Ablation[t][u]);
            table.AddRow(Markup.Escape(task.Name), task.Kind, task.Truth.UnitCount.ToString(),
                Format.Percent(zoo.Accuracy[t]), Format.Percent(zoo.Ablation[t][t]), Format.Percent(worstOther));
        }
        console.WriteTable($"zoo: {zoo.Host.Description}", table);

        zoo.Save(dir);
        console.Summary($"wrote zoo to {dir}: {zoo.Tasks.Count} tasks, {zoo.Host.Units.Count} units, host accuracy min {Format.Percent(zoo.Accuracy.Min())}");
        return 0;
    }
}
