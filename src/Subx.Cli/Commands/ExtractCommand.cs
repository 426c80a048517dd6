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
using Subx.Tasks;

namespace Subx.Cli.Commands;

/// <summary>`subx extract`: which host, task, distractors and extractor, and where to write.</summary>
public sealed class ExtractSettings : CommandSettings
{
    [CommandOption("--host <HOST>")]
    [Description("The host M: `minilm` (the default) or `arcticxs` (built in), a BERT .onnx file with vocab.txt beside it, a Hugging Face folder, or a zoo folder (`subx zoo`).")]
    public string? Host { get; set; }

    [CommandOption("--task <TASK>")]
    [Description("The task T: a built-in text task (afinn_sign, the default for a BERT host; spam_ham, liu_polarity, name_gender, sotu_party, stopword_vs_content), a task name of the zoo, or a .tsv/.csv/.jsonl file (text, then label).")]
    public string? Task { get; set; }

    [CommandOption("--distractors <TASKS>")]
    [Description("Comma list of distractor tasks (names or files); default: every other task of a zoo, or three built-in text tasks (spam_ham, name_gender, sotu_party).")]
    public string? Distractors { get; set; }

    [CommandOption("--extractor <NAME>")]
    [Description("Extractor to run, by registry name (e.g. random, magnitude, rl-unit, se; default se; an unknown name lists them all).")]
    public string? Extractor { get; set; }

    [CommandOption("--policy <RUN>")]
    [Description("With --extractor se (and only with it): the run folder of a trained SE (`subx train --out RUN`). A zoo host needs one; for a BERT host, without it the SE trained on the other built-in tasks is used: shipped in policies/ for the default settings, else trained once and cached under runs/policies.")]
    public string? Policy { get; set; }

    [CommandOption("--continue <N>")]
    [Description("With --extractor se: RL iterations of continued training on T before extracting; the saved run is not changed, and the zero-shot subnet is handed over if validation finds the continued one clearly worse (default 0: zero-shot, one forward pass; 10 with a cached BERT policy, rl-unit's budget).")]
    public int? Continue { get; set; }

    [CommandOption("--gate-fits <K>")]
    [Description("With --extractor se: how many learned-gate fits on T and on each distractor the SE's observation averages (default 1, the one fit the mask baseline makes). More give a steadier subnet across --seed at K times the gates' cost (on MiniLM about 20 s a fit).")]
    public int? GateFits { get; set; }

    [CommandOption("--rl-iterations <N>")]
    [Description("With --extractor rl-unit: RL iterations of its search on T (default 100 on a zoo, 10 on a BERT host).")]
    public int? RlIterations { get; set; }

    [CommandOption("--size <FRACTION>")]
    [Description("Size budget: the fraction of the host's unit parameters to keep, above 0 and at most 1. Without it the extractor chooses its size by the reward (on a zoo, or with --size-penalty); on a BERT host without --size-penalty the default is 0.05.")]
    public double? Size { get; set; }

    [CommandOption("--curve <SIZES>")]
    [Description("Comma list of sizes, fractions of the host's unit parameters (e.g. 0.01,0.02,0.05,0.1): the extractor's ranking is also cut at each and judged as the subnet is (T, random units of that size, the distractors, the reward), printed as a table, kept in subnet.json and drawn in the report. Sizes that cut the same subnet are judged once. With --size (or a BERT host's default 0.05) the subnet written is the cut at that size; without one the extractor still chooses its own.")]
    public string? Curve { get; set; }

    [CommandOption("--no-knockout")]
    [Description("Skip the knock-out in M (T's and each distractor's probe with the subnet's units ablated, and with all but them ablated, against random units of its size): on MiniLM it costs about 2 min 30 s for four tasks; on a zoo, under a second.")]
    public bool NoKnockout { get; set; }

    [CommandOption("--ablation <HOW>")]
    [Description(AblationArgument.Description + " (default mean). Not with --no-knockout.")]
    public string? AblationOption { get; set; }

    [CommandOption("--size-penalty <B>")]
    [Description("Reward's size penalty b (default 0.5); without --size it steers the extractor's choice of size. Not with --size.")]
    public double? SizePenalty { get; set; }

    [CommandOption("--distractor-weight <A>")]
    [Description("Reward's weight a of the mean distractor score (default 1).")]
    public double? DistractorWeight { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Seed of the extractor (for se, of the learned gates it reads) and of every fine-tune that scores the subnet.")]
    [DefaultValue(0)]
    public int Seed { get; set; }

    [CommandOption("--out <DIR>")]
    [Description("Folder to write subnet.json and subnet.safetensors into (default runs/extract/TASK-EXTRACTOR).")]
    public string? Out { get; set; }

    /// <summary>
    /// The size budget on a BERT host when neither --size nor --size-penalty is given: 5% of M's unit
    /// parameters, the issue's bar for a useful subnet. (The SE's own threshold, p &gt; 0.5, keeps nothing
    /// on MiniLM after the short cached training: its policy starts every unit at p = 0.05.)
    /// </summary>
    public const double DefaultTextSize = 0.05;

    /// <summary>Whether --host names a zoo (task names, truth, and an SE needs --policy).</summary>
    public bool ZooHost => HostArgument.IsZoo(Host);

    /// <summary>The task T: as given, or afinn_sign for a BERT host.</summary>
    public string TaskOrDefault => Task ?? "afinn_sign";

    /// <summary>The extractor: as given, or se.</summary>
    public string ExtractorOrDefault => Extractor ?? "se";

    /// <summary>The knock-out's ablation: --ablation (<see cref="Validate"/> has checked it), or mean.</summary>
    public Ablation AblationMode => AblationOption is null ? Ablation.Mean : AblationArgument.Parse(AblationOption)!.Value;

    /// <summary>The output folder: as given, or runs/extract/TASK-EXTRACTOR.</summary>
    public string OutOrDefault => Out ?? Path.Combine("runs", "extract", $"{Path.GetFileNameWithoutExtension(TaskOrDefault)}-{ExtractorOrDefault}");

    /// <summary>The sizes of --curve, in the order given (null without it); call after <see cref="Validate"/>.</summary>
    public IReadOnlyList<double>? CurveSizes => CommaList.Parse(Curve)?.Select(Format.ParseFraction).ToList();

    /// <summary>The reward weights: the options given, <see cref="RewardConfig"/>'s defaults for the rest.</summary>
    public RewardConfig ToReward()
    {
        var d = new RewardConfig();
        return d with { SizePenalty = SizePenalty ?? d.SizePenalty, DistractorWeight = DistractorWeight ?? d.DistractorWeight };
    }

    /// <summary>The options given on top of a host's defaults.</summary>
    public ExtractorOptions ToExtractorOptions(ExtractorOptions d) =>
        d with
        {
            PolicyDir = Policy, ContinueIterations = Continue ?? d.ContinueIterations, GateFits = GateFits ?? d.GateFits,
            RlUnitIterations = RlIterations ?? d.RlUnitIterations,
        };

    /// <summary>
    /// The options given to the extractor, for the manifest's config (null for extractors that take
    /// none); for the SE's continued training on <paramref name="request"/>, its step size and the size
    /// its samples vary around (null: its own keep probabilities).
    /// </summary>
    public JsonObject? ExtractorOptionsNode(ExtractorOptions o, ExtractionRequest request) => ExtractorOrDefault switch
    {
        "se" when o.ContinueIterations > 0 && Extractors.Policy.SeExtractor.ContinueSettings(o, request) is var train => new JsonObject
        {
            ["policy"] = Path.GetFullPath(o.PolicyDir!), ["continueIterations"] = o.ContinueIterations,
            ["continueLearningRate"] = train.LearningRate, ["continueSampleSize"] = train.SampleSize,
            ["continueCheckSeeds"] = o.ContinueCheckSeeds, ["gateFits"] = o.GateFits,
        },
        "se" => new JsonObject { ["policy"] = Path.GetFullPath(o.PolicyDir!), ["continueIterations"] = o.ContinueIterations, ["gateFits"] = o.GateFits },
        "rl-unit" => new JsonObject { ["rlIterations"] = o.RlUnitIterations },
        _ => null,
    };

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        var host = HostArgument.Check(Host);
        if (!host.Successful) return host;
        if (ZooHost && string.IsNullOrWhiteSpace(Task)) return ValidationResult.Error("--task: expected a task name of the zoo or a task file, found nothing.");
        if (Task is not null && string.IsNullOrWhiteSpace(Task)) return ValidationResult.Error("--task: expected a task name or a task file, found nothing.");
        if (this.Extractor is not null && string.IsNullOrWhiteSpace(this.Extractor))
            return ValidationResult.Error($"--extractor: expected one of {string.Join(", ", ExtractorRegistry.Names)}, found nothing.");
        string Extractor = ExtractorOrDefault; // every check below is on the extractor that will run
        if (!ExtractorRegistry.Names.Contains(Extractor))
            return ValidationResult.Error($"--extractor: expected one of {string.Join(", ", ExtractorRegistry.Names)}, found '{Extractor}'.");
        if (Policy is not null && Extractor != "se")
            return ValidationResult.Error($"--policy: expected --extractor se (a trained SE's run folder is for it alone), found --extractor {Extractor}.");
        if (Policy is null && Extractor == "se" && ZooHost)
            return ValidationResult.Error("--extractor se: expected --policy RUN, the run folder of a trained SE (`subx train --out RUN`), found no --policy.");
        if (Policy is not null && PolicyFolder.Check(Policy) is { Successful: false } policy) return policy;
        if (Continue is not null && Extractor != "se")
            return ValidationResult.Error($"--continue: expected --extractor se (continued training is the SE's), found --extractor {Extractor}.");
        if (Continue < 0) return ValidationResult.Error($"--continue: expected 0 or more iterations, found {Continue}.");
        if (GateFits is not null && Extractor != "se")
            return ValidationResult.Error($"--gate-fits: expected --extractor se (the gates are the SE's observation), found --extractor {Extractor}.");
        if (GateFits < 1) return ValidationResult.Error($"--gate-fits: expected at least 1 fit, found {GateFits}.");
        if (RlIterations is not null && Extractor != "rl-unit")
            return ValidationResult.Error($"--rl-iterations: expected --extractor rl-unit, found --extractor {Extractor}.");
        if (RlIterations < 1) return ValidationResult.Error($"--rl-iterations: expected at least 1, found {RlIterations}.");
        if (Size is double s && !(s > 0 && s <= 1))
            return ValidationResult.Error($"--size: expected a fraction of the host's unit parameters in (0, 1], found {Format.Plain(s)}.");
        if (AblationArgument.Check(AblationOption) is { Successful: false } ablation) return ablation;
        if (AblationOption is not null && NoKnockout)
            return ValidationResult.Error("--ablation: expected a knock-out to ablate for, found --no-knockout.");
        if (Curve is not null)
        {
            var entries = CommaList.Parse(Curve)!;
            if (entries.Count == 0) return ValidationResult.Error("--curve: expected a comma list of sizes such as 0.01,0.05,0.1, found an empty list.");
            if (entries.FirstOrDefault(x => Format.TryParseFraction(x) is null) is { } bad)
                return ValidationResult.Error($"--curve: expected fractions of the host's unit parameters in (0, 1], separated by commas, found '{bad}'.");
        }
        if (Size is not null && SizePenalty is not null)
            return ValidationResult.Error("--size-penalty: expected either --size or --size-penalty, found both.");
        if (Out is not null && string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out: expected a folder to write subnet.json into, found nothing.");
        if (OutputPath.Problem("--out", OutOrDefault, folder: true) is { } outProblem) return ValidationResult.Error(outProblem);
        try { ToReward().Validate("reward options"); }
        catch (SubxException e) { return ValidationResult.Error(e.Message); }
        return ValidationResult.Success();
    }
}

/// <summary>
/// Extracts T's subnet with one extractor, scores it on T (with its controls) and on every
/// distractor, computes the reward, and writes the manifest and the transplant's weights.
/// </summary>
public sealed class ExtractCommand(IAnsiConsole console, Reporter reporter) : Command<ExtractSettings>
{
    /// <summary>
    /// The share of the "SE policy" bar that the learned gates take when the policy is trained first: on
    /// MiniLM the six built-in tasks' gates took 2 min 2 s and the forty iterations after them 5 min 39 s
    /// (docs/BENCHMARKS.md, "A task of your own"); five tasks' gates, for a built-in T, a little less.
    /// </summary>
    private const double TrainingGateShare = 0.25;

    /// <summary>
    /// An --out folder that holds another task's or another extractor's subnet is refused before any
    /// work: its files would be replaced without a word. The same task and extractor again (the main
    /// job run twice, say) replace their own result, as rerunning a command does.
    /// </summary>
    private static void RefuseToReplaceAnotherExtraction(string outDir, string task, string extractor)
    {
        string manifest = Path.Combine(outDir, SubnetManifest.FileName);
        if (!File.Exists(manifest)) return;
        var earlier = Json.Read(manifest, "an earlier extraction's manifest (as `subx extract` writes)");
        static string? Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        string? earlierTask = Text(earlier["task"]), earlierExtractor = Text(earlier["extractor"]);
        if (earlierTask != task || earlierExtractor != extractor)
            throw new SubxException($"--out: '{outDir}' holds the subnet of task '{earlierTask}' by extractor '{earlierExtractor}'; expected a new folder, or one of task '{task}' by '{extractor}' to replace. Choose another --out or remove it.");
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, ExtractSettings settings, CancellationToken cancellationToken)
    {
        // Everything the user named is resolved and checked before any work starts.
        var host = HostArgument.Load(settings.Host);
        var task = HostArgument.Task(host, settings.TaskOrDefault, "--task");
        var distractors = HostArgument.Distractors(host, task, settings.Distractors);
        reporter.WarnOfSmallTasks([task, .. distractors]);
        var defaults = HostDefaults.For(host.Host);
        bool cachedPolicy = settings.ExtractorOrDefault == "se" && settings.Policy is null;
        var extractorOptions = settings.ToExtractorOptions(defaults.Extractors) with
        {
            ContinueIterations = settings.Continue ?? (cachedPolicy ? defaults.Extractors.ContinueIterations : 0),
        };
        var scorerConfig = defaults.Scorer;
        var scorer = new Scorer(host.Host, scorerConfig);
        var reward = settings.ToReward();
        RefuseToReplaceAnotherExtraction(settings.OutOrDefault, task.Name, settings.ExtractorOrDefault);
        console.WriteLine($"host {host.Host.Description}; task {task.Name} ({task.Count} rows); distractors {string.Join(", ", distractors.Select(d => d.Name))}");

        // An SE reads any host's observation, but one trained on another host has never seen this one's.
        if (settings.Policy is { } run && Training.Checkpoint.ReadInfo(run).HostDescription is var trainedOn && trainedOn != host.Host.Description)
            reporter.Warn($"the SE in '{run}' was trained on {trainedOn}; extracting from {host.Host.Description}.");
        if (cachedPolicy)
        {
            // The SE must not have seen T: it is trained on every other built-in task (all six for a task
            // that is not built in), once, and kept; the defaults' policies ship.
            string pool = BuiltInTasks.Contains(task.Name) ? "the other built-in tasks" : "the six built-in tasks";
            var policyDir = reporter.Run($"SE policy for {host.Spec} (trained once on {pool}, then cached)", bar =>
                Training.PolicyCache.HeldOut(Path.Combine("runs", "policies"), host.Spec, scorer, task.Name, defaults.Se,
                    new TrainingBar(bar, $"SE policy for {host.Spec}", TrainingGateShare)));
            console.WriteLine($"SE policy: {policyDir}");
            extractorOptions = extractorOptions with { PolicyDir = policyDir };
        }
        var extractor = ExtractorRegistry.Create(settings.ExtractorOrDefault, extractorOptions);
        double? size = settings.Size ?? (host.Zoo is null && settings.SizePenalty is null ? ExtractSettings.DefaultTextSize : null);
        var request = new ExtractionRequest(host.Host, task, distractors, size, reward, scorer, settings.Seed);

        // One bar for the whole job: the extraction to 50%, the judge's fine-tunes on, on a BERT host the
        // whole-model probe, and last the knock-out.
        var judge = new Scorer(host.Host, defaults.Judge);
        int fineTunes = judge.Config.Repeats * (4 + distractors.Count); // T and its three controls, and each distractor
        // On MiniLM the judge takes some 25 s and the knock-out 2 min 30 s; on a zoo some 7 s and under one.
        double judgeShare = settings.NoKnockout ? (host.Zoo is null ? 0.45 : 0.5) : 0.1;
        var (e, probe, knockout) = reporter.Run($"extract {task.Name} ({extractor.Name})", bar =>
        {
            bool judging = false;
            var result = Bench.Evaluate(extractor, request, withControls: true, new Inline<double>(f => bar.Report(0.5 * f)), judge,
                new Inline<double>(f =>
                {
                    if (!judging) bar.Describe($"judge {task.Name} ({extractor.Name}): {fineTunes} fine-tunes");
                    judging = true;
                    bar.Report(0.5 + judgeShare * f);
                }));
            double? wholeModel = null;
            if (host.Zoo is null)
            {
                bar.Describe($"whole-model probe on {task.Name}");
                wholeModel = WholeModelProbe.Score(host.Host, task);
                bar.Report(0.5 + judgeShare + 0.02);
            }
            if (settings.NoKnockout) return (result, wholeModel, (KnockoutScore[]?)null);
            bar.Describe($"knock-out in M: {task.Name} and {Format.Count(distractors.Count, "distractor")}");
            var knocked = Knockout.Measure(host.Host, result.Extraction.Subnet, [task, .. distractors], settings.Seed, settings.AblationMode,
                progress: new Inline<double>(f => bar.Report(0.5 + judgeShare + 0.02 + (0.48 - judgeShare) * f)));
            return (result, wholeModel, (KnockoutScore[]?)knocked);
        });
        var curve = settings.CurveSizes is { } sizes
            ? reporter.Run($"size curve of {task.Name} ({extractor.Name}): {Format.Count(sizes.Distinct().Count(), "size")}", bar =>
                SizeCurve.Measure(request, e.Extraction.UnitScores, sizes, judge, bar))
            : null;
        // A zoo's own task has a planted truth to judge the subnet against (a task file on a zoo has none).
        var truth = host.Zoo?.Tasks.FirstOrDefault(t => ReferenceEquals(t.Data, task))?.Truth;
        var match = truth is null ? null : TruthMetrics.Match(e.Extraction.Subnet, truth);
        double? auc = truth is null ? null : TruthMetrics.RocAuc(e.Extraction.UnitScores, truth);

        string outDir = settings.OutOrDefault;
        var config = SubnetManifest.Config(settings.Seed, size, defaults.Judge, reward, extractor, settings.ExtractorOptionsNode(extractorOptions, request));
        var manifest = SubnetManifest.Build(host.Name, task.Name, extractor, e, distractors.Select(d => d.Name).ToList(), config);
        if (probe is double p) manifest["wholeModelProbe"] = p;
        if (knockout is not null) manifest["knockout"] = SubnetManifest.Knockout(knockout, settings.AblationMode, Knockout.RandomDraws);
        if (e.Extraction.ContinueCheck is { } check) manifest["continueCheck"] = SubnetManifest.ContinueCheck(check);
        if (curve is not null) manifest["sizeCurve"] = SubnetManifest.SizeCurve(curve, distractors);
        if (truth is not null)
            manifest["truth"] = new JsonObject
            {
                ["precision"] = match!.Precision, ["recall"] = match.Recall, ["f1"] = match.F1, ["auc"] = auc,
                ["units"] = truth.UnitCount, ["size"] = truth.Size, ["paths"] = truth.ToJsonUnits(),
            };
        // Weights first, manifest last: a folder with subnet.json is a finished extraction.
        // A layer the subnet keeps no unit of is written as zero-row tensors: the file always has every layer.
        // The metadata makes the file a model on its own: the host's architecture (a BERT's as its
        // config.json, so d_head = hidden_size / num_attention_heads even in a layer with no head kept).
        var (weights, architecture) = host.Host switch
        {
            MlpHost mlp => (MlpTransplant.From(mlp, e.Extraction.Subnet).ToTensors(), mlp.ConfigJson()),
            Subx.Hosts.Bert.BertHost bert => (BertTransplant.ToTensors(bert, e.Extraction.Subnet), bert.Config.ToJson()),
            _ => throw new InvalidOperationException($"no transplant for {host.Host.Description}"),
        };
        Directory.CreateDirectory(outDir);
        Safetensors.Write(Path.Combine(outDir, SubnetManifest.WeightsFileName), weights, new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["subx"] = new JsonObject { ["host"] = host.Name, ["task"] = task.Name, ["extractor"] = extractor.Name, ["units"] = e.Extraction.Subnet.UnitCount }.ToJsonString(),
            ["config"] = architecture.ToJsonString(),
        });
        AtomicFile.WriteAllText(Path.Combine(outDir, SubnetManifest.FileName), manifest.ToJsonString(Json.Options));

        var c = e.Controls!;
        var table = new Table()
            .AddColumn("fine-tuned on").AddColumn("with").AddColumn(new TableColumn("score").RightAligned());
        table.AddRow(Markup.Escape(task.Name) + " (T)", "the subnet", Format.Score(e.ScoreT));
        table.AddRow("", "no subnet", Format.Score(c.NoSubnet));
        table.AddRow("", "re-initialised weights", Format.Score(c.Reinitialized));
        table.AddRow("", "random units, same size", Format.Score(c.RandomUnits));
        for (int i = 0; i < distractors.Count; i++)
            table.AddRow(Markup.Escape(distractors[i].Name), "the subnet", Format.Score(e.DistractorScores[i]));
        if (probe is double wp) table.AddRow(Markup.Escape(task.Name) + " (T)", "whole model (linear probe on M)", Format.Score(wp));
        var r = e.Reward;
        console.WriteTable($"{extractor.Name} on {task.Name}: {e.Extraction.Subnet.UnitCount} of {host.Host.Units.Count} units, size {Format.Score(e.Extraction.Subnet.Size)}", table);
        console.WriteLine($"reward {Format.Score(r.Total)} ± {Format.Score(e.RewardStdError)} = score T {Format.Score(r.ScoreT)} − a·distractors {Format.Score(r.DistractorTerm)} − b·size {Format.Score(r.SizeTerm)}");
        console.WriteLine($"(each score is the mean of {e.RewardRepeats.Count} fine-tunes with their own seeds; ± is the reward's standard error over them)");
        if (e.Extraction.ContinueCheck is { } cc) console.WriteLine(Format.ContinueCheck(cc));
        if (truth is not null)
            console.WriteLine($"against the planted truth ({truth.UnitCount} units, size {Format.Score(truth.Size)}): precision {Format.Score(match!.Precision)}, " +
                $"recall {Format.Score(match.Recall)}, F1 {Format.Score(match.F1)}, ROC-AUC of the unit scores {Format.Score(auc!.Value)}");
        if (curve is not null) console.WriteTable($"the same ranking cut at other sizes ({task.Name})", CurveTable(curve, e.Extraction.Subnet));
        if (knockout is not null) KnockoutTable.Write(console, knockout, settings.AblationMode);
        LayoutTable.Write(console, e.Extraction.Subnet);
        // The report is made from the files just written, as `subx report` would make it again.
        ReportCommand.WriteAfter(console, reporter, outDir, () => Reports.Reports.ForExtraction(outDir));
        console.Summary($"wrote {Path.Combine(outDir, SubnetManifest.FileName)}: {e.Extraction.Subnet.UnitCount} units, size {Format.Score(e.Extraction.Subnet.Size)}, " +
            $"score {Format.Score(e.ScoreT)} on {task.Name} (margin over controls {Format.Score(c.Margin)}{(probe is double q ? $", whole-model probe {Format.Score(q)}" : "")}), reward {Format.Score(r.Total)} ± {Format.Score(e.RewardStdError)}");
        return 0;
    }

    /// <summary>The size curve as a table: one row per size, the subnet's own size marked.</summary>
    private static Table CurveTable(IReadOnlyList<SizePoint> curve, Subx.Units.Subnet own)
    {
        var table = new Table()
            .AddColumn("size").AddColumn(new TableColumn("units").RightAligned()).AddColumn(new TableColumn("score T").RightAligned())
            .AddColumn(new TableColumn("random units").RightAligned()).AddColumn(new TableColumn("mean distractor").RightAligned())
            .AddColumn(new TableColumn("reward").RightAligned());
        foreach (var p in curve)
            table.AddRow(Format.Score(p.Subnet.Size) + (p.Subnet.Mask.SequenceEqual(own.Mask) ? " (this subnet)" : ""),
                p.Subnet.UnitCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Score(p.ScoreT), Format.Score(p.RandomUnits),
                Format.Score(p.Reward.MeanDistractorScore), $"{Format.Score(p.Reward.Total)} ± {Format.Score(p.RewardStdError)}");
        return table;
    }
}
