using System.ComponentModel;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Subx.Assister;
using Subx.Cli.Common;
using Subx.Extractors;
using Subx.Hosts;
using Subx.Rewards;
using Subx.Runs;
using Subx.Scoring;

namespace Subx.Cli.Commands;

/// <summary>`subx extract`: which host, task, distractors and extractor, and where to write.</summary>
public sealed class ExtractSettings : CommandSettings
{
    [CommandOption("--host <DIR>")]
    [Description("Zoo folder holding the host M (for now the host must be a zoo, see `subx zoo`).")]
    public string? Host { get; set; }

    [CommandOption("--task <TASK>")]
    [Description("The task T: a task name of the zoo, or a .tsv/.csv/.jsonl file with the host's inputs.")]
    public string? Task { get; set; }

    [CommandOption("--distractors <TASKS>")]
    [Description("Comma list of distractor tasks (names or files); default: every other task of the zoo.")]
    public string? Distractors { get; set; }

    [CommandOption("--extractor <NAME>")]
    [Description("Extractor to run, by registry name (e.g. random, magnitude, rl-unit, se; an unknown name lists them all).")]
    public string? Extractor { get; set; }

    [CommandOption("--policy <RUN>")]
    [Description("With --extractor se (and only with it): the run folder of a trained SE (`subx train --out RUN`).")]
    public string? Policy { get; set; }

    [CommandOption("--continue <N>")]
    [Description("With --extractor se: RL iterations of continued training on T before extracting; the saved run is not changed (default 0: zero-shot, one forward pass).")]
    public int? Continue { get; set; }

    [CommandOption("--rl-iterations <N>")]
    [Description("With --extractor rl-unit: RL iterations of its search on T (default 100).")]
    public int? RlIterations { get; set; }

    [CommandOption("--size <FRACTION>")]
    [Description("Size budget: the fraction of the host's unit parameters to keep, in (0, 1]. Without it the extractor chooses.")]
    public double? Size { get; set; }

    [CommandOption("--size-penalty <B>")]
    [Description("Reward's size penalty b (default 0.5); without --size it steers the extractor's choice of size. Not with --size.")]
    public double? SizePenalty { get; set; }

    [CommandOption("--distractor-weight <A>")]
    [Description("Reward's weight a of the mean distractor score (default 1).")]
    public double? DistractorWeight { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Seed of the extractor and of every fine-tune that scores the subnet.")]
    [DefaultValue(0)]
    public int Seed { get; set; }

    [CommandOption("--out <DIR>")]
    [Description("Folder to write subnet.json and subnet.safetensors into.")]
    public string? Out { get; set; }

    /// <summary>The reward weights: the options given, <see cref="RewardConfig"/>'s defaults for the rest.</summary>
    public RewardConfig ToReward()
    {
        var d = new RewardConfig();
        return d with { SizePenalty = SizePenalty ?? d.SizePenalty, DistractorWeight = DistractorWeight ?? d.DistractorWeight };
    }

    /// <summary>The settings of the extractors that take any: the options given, <see cref="ExtractorOptions"/>'s defaults for the rest.</summary>
    public ExtractorOptions ToExtractorOptions()
    {
        var d = new ExtractorOptions();
        return d with { PolicyDir = Policy, ContinueIterations = Continue ?? d.ContinueIterations, RlUnitIterations = RlIterations ?? d.RlUnitIterations };
    }

    /// <summary>The options given to the extractor, for the manifest's config (null for extractors that take none).</summary>
    public JsonObject? ExtractorOptionsNode(ExtractorOptions o) => Extractor switch
    {
        "se" => new JsonObject { ["policy"] = Path.GetFullPath(o.PolicyDir!), ["continueIterations"] = o.ContinueIterations },
        "rl-unit" => new JsonObject { ["rlIterations"] = o.RlUnitIterations },
        _ => null,
    };

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        var host = ZooFolder.Check(Host);
        if (!host.Successful) return host;
        if (string.IsNullOrWhiteSpace(Task)) return ValidationResult.Error("--task: expected a task name of the zoo or a task file, found nothing.");
        if (string.IsNullOrWhiteSpace(Extractor))
            return ValidationResult.Error($"--extractor: expected one of {string.Join(", ", ExtractorRegistry.Names)}, found nothing.");
        if (!ExtractorRegistry.Names.Contains(Extractor))
            return ValidationResult.Error($"--extractor: expected one of {string.Join(", ", ExtractorRegistry.Names)}, found '{Extractor}'.");
        if (Policy is not null && Extractor != "se")
            return ValidationResult.Error($"--policy: expected --extractor se (a trained SE's run folder is for it alone), found --extractor {Extractor}.");
        if (Policy is null && Extractor == "se")
            return ValidationResult.Error("--extractor se: expected --policy RUN, the run folder of a trained SE (`subx train --out RUN`), found no --policy.");
        if (Policy is not null && PolicyFolder.Check(Policy) is { Successful: false } policy) return policy;
        if (Continue is not null && Extractor != "se")
            return ValidationResult.Error($"--continue: expected --extractor se (continued training is the SE's), found --extractor {Extractor}.");
        if (Continue < 0) return ValidationResult.Error($"--continue: expected 0 or more iterations, found {Continue}.");
        if (RlIterations is not null && Extractor != "rl-unit")
            return ValidationResult.Error($"--rl-iterations: expected --extractor rl-unit, found --extractor {Extractor}.");
        if (RlIterations < 1) return ValidationResult.Error($"--rl-iterations: expected at least 1, found {RlIterations}.");
        if (Size is double s && !(s > 0 && s <= 1))
            return ValidationResult.Error($"--size: expected a fraction of the host's unit parameters in (0, 1], found {Format.Plain(s)}.");
        if (Size is not null && SizePenalty is not null)
            return ValidationResult.Error("--size-penalty: expected either --size or --size-penalty, found both.");
        if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out: expected a folder to write subnet.json into, found nothing.");
        if (File.Exists(Out)) return ValidationResult.Error($"--out: expected a folder, found the file '{Out}'.");
        try { ToReward().Validate("reward options"); }
        catch (SubxException e) { return ValidationResult.Error(e.Message); }
        return ValidationResult.Success();
    }
}

/// <summary>
/// Extracts T's subnet with one extractor, scores it on T (with its controls) and on every
/// distractor, computes the reward, and writes the manifest and the transplant's weights.
/// </summary>
public sealed class ExtractCommand(IAnsiConsole console) : Command<ExtractSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ExtractSettings settings, CancellationToken cancellationToken)
    {
        // Everything the user named is resolved and checked before any work starts.
        var zoo = ZooFolder.Load(settings.Host!);
        var task = ZooFolder.Task(zoo, settings.Task!, "--task");
        var distractors = ZooFolder.Distractors(zoo, task, settings.Distractors);
        var extractorOptions = settings.ToExtractorOptions();
        var extractor = ExtractorRegistry.Create(settings.Extractor!, extractorOptions);
        var scorerConfig = new ScorerConfig();
        var reward = settings.ToReward();
        var request = new ExtractionRequest(zoo.Host, task, distractors, settings.Size, reward, new Scorer(zoo.Host, scorerConfig), settings.Seed);

        var e = ProgressBar.Run(console, $"extract {task.Name} ({extractor.Name})", bar =>
        {
            var result = Bench.Evaluate(extractor, request, withControls: true, new Inline<double>(f => bar.Report(0.5 * f)));
            bar.Describe($"scored {task.Name} ({extractor.Name})");
            return result;
        });

        string outDir = settings.Out!;
        var config = SubnetManifest.Config(settings.Seed, settings.Size, scorerConfig, reward, extractor, settings.ExtractorOptionsNode(extractorOptions));
        var manifest = SubnetManifest.Build(Path.GetFullPath(settings.Host!), task.Name, extractor, e, distractors.Select(d => d.Name).ToList(), config);
        // Weights first, manifest last: a folder with subnet.json is a finished extraction.
        // A layer the subnet keeps no unit of is written as zero-row tensors: the file always has every layer.
        var weights = MlpTransplant.From(zoo.Host, e.Extraction.Subnet).ToTensors();
        Safetensors.Write(Path.Combine(outDir, SubnetManifest.WeightsFileName), weights);
        AtomicFile.WriteAllText(Path.Combine(outDir, SubnetManifest.FileName), manifest.ToJsonString(Json.Options));

        var c = e.Controls!;
        var table = new Table().Title($"{Markup.Escape(extractor.Name)} on {Markup.Escape(task.Name)}: {e.Extraction.Subnet.UnitCount} of {zoo.Host.Units.Count} units, size {Format.Score(e.Extraction.Subnet.Size)}")
            .AddColumn("fine-tuned on").AddColumn("with").AddColumn(new TableColumn("score").RightAligned());
        table.AddRow(Markup.Escape(task.Name) + " (T)", "the subnet", Format.Score(e.ScoreT));
        table.AddRow("", "no subnet", Format.Score(c.NoSubnet));
        table.AddRow("", "re-initialised weights", Format.Score(c.Reinitialized));
        table.AddRow("", "random units, same size", Format.Score(c.RandomUnits));
        for (int i = 0; i < distractors.Count; i++)
            table.AddRow(Markup.Escape(distractors[i].Name), "the subnet", Format.Score(e.DistractorScores[i]));
        var r = e.Reward;
        console.Write(table);
        console.WriteLine($"reward {Format.Score(r.Total)} = score T {Format.Score(r.ScoreT)} − a·distractors {Format.Score(r.DistractorTerm)} − b·size {Format.Score(r.SizeTerm)}");
        console.Summary($"wrote {Path.Combine(outDir, SubnetManifest.FileName)}: {e.Extraction.Subnet.UnitCount} units, size {Format.Score(e.Extraction.Subnet.Size)}, " +
            $"score {Format.Score(e.ScoreT)} on {task.Name} (margin over controls {Format.Score(c.Margin)}), reward {Format.Score(r.Total)}");
        return 0;
    }
}
