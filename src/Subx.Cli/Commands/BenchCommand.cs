using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Subx.Cli.Common;
using Subx.Extractors;
using Subx.Hosts;
using Subx.Runs;
using Subx.Scoring;
using Subx.Tasks;
using Subx.Training;

namespace Subx.Cli.Commands;

/// <summary>`subx bench`: which zoo, which extractors, what budget.</summary>
public sealed class BenchSettings : CommandSettings
{
    /// <summary>Where bench looks for (and, the first time, builds) the default zoo when no --host is given.</summary>
    public const string DefaultZoo = "runs/zoo";

    [CommandOption("--host <HOST>")]
    [Description("Zoo folder: every task is extracted in turn, with the other tasks as its distractors (held-out ones too). Default: runs/zoo, built with the default settings of `subx zoo` the first time. A BERT host (`minilm`, `arcticxs`, an .onnx file, a Hugging Face folder) is benched on the six built-in text tasks instead, each against three others, at --size (default 0.05), with the whole-model probe.")]
    public string? Host { get; set; }

    [CommandOption("--tasks <LIST>")]
    [Description("With a BERT host: comma list of built-in tasks to bench (default: all six).")]
    public string? Tasks { get; set; }

    [CommandOption("--extractors <LIST>")]
    [Description("Comma list of extractor names; default: every registered extractor (random, magnitude, correlation, attribution, mask, rl-unit, se).")]
    public string? Extractors { get; set; }

    [CommandOption("--policy <RUN>")]
    [Description("Trained SE run folder (`subx train --out RUN`) for the se rows. Without it, benching se first trains one on the tasks not held out, into <--json's folder>/se-policy (or a temp folder).")]
    public string? Policy { get; set; }

    [CommandOption("--holdout <LIST>")]
    [Description("Comma list of zoo tasks held out of the SE's training; still benched (zero-shot) and marked held out in the tables and the JSON.")]
    public string? Holdout { get; set; }

    [CommandOption("--train-iterations <N>")]
    [Description("RL iterations of the SE bench trains when se is benched without --policy (default 150 on a zoo, 40 on a BERT host).")]
    public int? TrainIterations { get; set; }

    [CommandOption("--continue <N>")]
    [Description("With N > 0, adds a row se+continue: the SE after N iterations of continued training on each task, checked against its zero-shot subnet (default 0 on a zoo: zero-shot only; 10 on a BERT host, rl-unit's budget).")]
    public int? Continue { get; set; }

    [CommandOption("--gate-fits <K>")]
    [Description("How many learned-gate fits on T and on each distractor the SE's rows average (default 1, the one fit the mask baseline makes); training's own gates stay one fit.")]
    public int? GateFits { get; set; }

    [CommandOption("--rl-iterations <N>")]
    [Description("RL iterations of rl-unit's search on each task (default 100 on a zoo, 10 on a BERT host).")]
    public int? RlIterations { get; set; }

    [CommandOption("--size <FRACTION>")]
    [Description("Size budget for every extractor, above 0 and at most 1; default: each task's truth size.")]
    public double? Size { get; set; }

    [CommandOption("--json <FILE>")]
    [Description("Also write the results as JSON to this file.")]
    public string? Json { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Seed of every extraction and fine-tune.")]
    [DefaultValue(0)]
    public int Seed { get; set; }

    /// <summary>The extractor names asked for, in order.</summary>
    public IReadOnlyList<string> ExtractorNames() => Extractors is null
        ? ExtractorRegistry.Names
        : Extractors.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();

    /// <summary>The --holdout names (empty when not given).</summary>
    public IReadOnlyList<string> HoldoutNames => CommaList.Parse(Holdout) ?? [];

    /// <summary>The bench's settings: the options given, <see cref="BenchOptions"/>' and <see cref="ExtractorOptions"/>' defaults for the rest.</summary>
    public BenchOptions ToOptions()
    {
        var d = new BenchOptions();
        var x = d.ExtractorOptions;
        return d with
        {
            Size = Size,
            Seed = Seed,
            Holdout = HoldoutNames,
            TrainIterations = TrainIterations ?? d.TrainIterations,
            ExtractorOptions = x with
            {
                PolicyDir = Policy, ContinueIterations = Continue ?? x.ContinueIterations, GateFits = GateFits ?? x.GateFits,
                RlUnitIterations = RlIterations ?? x.RlUnitIterations,
            },
        };
    }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Host is not null && HostArgument.Check(Host) is { Successful: false } host) return host;
        var names = ExtractorNames();
        if (names.Count == 0) return ValidationResult.Error($"--extractors: expected a comma list of {string.Join(", ", ExtractorRegistry.Names)}, found an empty list.");
        if (names.FirstOrDefault(n => !ExtractorRegistry.Names.Contains(n)) is { } unknown)
            return ValidationResult.Error($"--extractors: expected names among {string.Join(", ", ExtractorRegistry.Names)}, found '{unknown}'.");
        string list = string.Join(",", names);
        bool se = names.Contains("se");
        if (Policy is not null && !se) return ValidationResult.Error($"--policy: expected se among --extractors (the policy is the SE's), found {list}.");
        if (Policy is not null && PolicyFolder.Check(Policy) is { Successful: false } policy) return policy;
        if (TrainIterations is not null && !se) return ValidationResult.Error($"--train-iterations: expected se among --extractors (only the SE is trained), found {list}.");
        if (TrainIterations is not null && Policy is not null)
            return ValidationResult.Error("--train-iterations: expected no --policy with it (bench trains an SE only when none is given), found both.");
        if (TrainIterations < 1) return ValidationResult.Error($"--train-iterations: expected at least 1, found {TrainIterations}.");
        if (Continue is not null && !se) return ValidationResult.Error($"--continue: expected se among --extractors (continued training is the SE's), found {list}.");
        if (Continue < 0) return ValidationResult.Error($"--continue: expected 0 or more iterations, found {Continue}.");
        if (GateFits is not null && !se) return ValidationResult.Error($"--gate-fits: expected se among --extractors (the gates are the SE's observation), found {list}.");
        if (GateFits < 1) return ValidationResult.Error($"--gate-fits: expected at least 1 fit, found {GateFits}.");
        if (RlIterations is not null && !names.Contains("rl-unit")) return ValidationResult.Error($"--rl-iterations: expected rl-unit among --extractors, found {list}.");
        if (RlIterations < 1) return ValidationResult.Error($"--rl-iterations: expected at least 1, found {RlIterations}.");
        if (Holdout is not null && HoldoutNames.Count == 0) return ValidationResult.Error("--holdout: expected a comma list of zoo tasks, found an empty list.");
        if (Size is double s && !(s > 0 && s <= 1))
            return ValidationResult.Error($"--size: expected a fraction of the host's unit parameters in (0, 1], found {Format.Plain(s)}.");
        if (Json is not null && OutputPath.Problem("--json", Json, folder: false) is { } jsonProblem) return ValidationResult.Error(jsonProblem);
        return ValidationResult.Success();
    }
}

/// <summary>
/// Runs every extractor on every task of a zoo and prints one table per task (the numbers come from
/// <see cref="Bench"/>). Benching `se` without --policy first trains one (<see cref="Bench.TrainPolicy"/>).
/// </summary>
public sealed class BenchCommand(IAnsiConsole console, Reporter reporter) : Command<BenchSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Host is not null && !HostArgument.IsZoo(settings.Host)) return ExecuteText(settings);
        if (settings.Tasks is not null) throw new SubxException("--tasks: expected a BERT host (a zoo is benched on all its tasks), found a zoo.");
        // No --host: the default zoo, built once into runs/zoo (a folder with host.json is a finished zoo).
        string hostDir = settings.Host ?? BenchSettings.DefaultZoo;
        if (settings.Host is null && !File.Exists(Path.Combine(hostDir, MlpHost.ConfigFile)))
        {
            var config = new ZooConfig();
            var built = reporter.Run($"build the default zoo ({config.Tasks} tasks, {config.TrainSteps} steps)", bar =>
                Zoo.Build(config, new Inline<(int Step, int Total)>(p => bar.Report((double)p.Step / p.Total))));
            built.Save(hostDir);
            console.WriteLine($"built the default zoo into {hostDir}: {built.Tasks.Count} tasks, host accuracy min {built.Accuracy.Min():P1}");
        }
        // Everything the user named is resolved and checked before any work starts.
        var zoo = ZooFolder.Load(hostDir);
        ZooFolder.ZooTasks(zoo, settings.HoldoutNames, "--holdout");
        var names = settings.ExtractorNames();
        var options = settings.ToOptions();
        options.Validate();
        if (names.Contains("se") && settings.Policy is null && zoo.Tasks.All(t => settings.HoldoutNames.Contains(t.Name)))
            throw new SubxException("--holdout: expected at least one zoo task left to train the SE on, found every task held out.");
        var clock = Stopwatch.StartNew();

        string? trained = null;
        if (names.Contains("se") && settings.Policy is null)
        {
            trained = TrainedPolicyDir(settings.Json);
            // A zoo's gates take seconds a task, against minutes of training.
            reporter.Run($"train SE: it 0/{options.TrainIterations}", bar => Bench.TrainPolicy(zoo, options, trained, new TrainingBar(bar, "train SE", 0.05)));
            options = options with { ExtractorOptions = options.ExtractorOptions with { PolicyDir = trained } };
        }
        var extractors = Bench.CreateExtractors(names, options.ExtractorOptions);

        var results = reporter.Run("bench", bar => Bench.Run(zoo, extractors, options, new Inline<BenchProgress>(p =>
        {
            bar.Describe($"{p.Task}: {p.Extractor}");
            bar.Report(p.Done / p.Total);
        })));

        foreach (var t in results)
        {
            string budget = t.SizeIsTruth ? $"the truth size {Format.Score(t.SizeBudget)}" : $"--size {Format.Score(t.SizeBudget)} (truth size {Format.Score(t.TruthSize)})";
            string heldOut = t.HeldOut ? "held out of SE training (se is zero-shot on an unseen task); " : "";
            var table = new Table().AddColumn("extractor");
            foreach (var h in new[] { "reward", "score T", "score D (mean)", "size", "precision", "recall", "F1", "ROC-AUC", "seconds" })
                table.AddColumn(new TableColumn(h).RightAligned());
            foreach (var r in t.Extractors)
                table.AddRow(Markup.Escape(r.Name), $"{Format.Score(r.Reward)} ± {Format.Score(r.RewardStdError)}", Format.Score(r.ScoreT), Format.Score(r.ScoreDistractors), Format.Score(r.Size),
                    Format.Score(r.Precision), Format.Score(r.Recall), Format.Score(r.F1), Format.Score(r.Auc), Format.Seconds(r.Seconds));
            console.WriteTable($"{t.Task} ({t.Kind})", table,
                $"{heldOut}size budget: {budget}; scores are normalised (0 chance, 1 perfect), the reward ± its standard error over the judge's fine-tunes; seconds of extraction");
        }

        WriteKnockout(results);
        WriteMargins([.. results.Select(t => (t.Task, (IReadOnlyList<(string, double, IReadOnlyList<double>)>)[.. t.Extractors.Select(r => (r.Name, r.Reward, r.RewardRepeats))]))]);
        WriteZeroShotHandovers([.. results.SelectMany(t => t.Extractors.Where(r => r.ContinueKept == Subx.Extractors.Policy.ContinueCheck.ZeroShot).Select(_ => t.Task))]);

        string? policy = options.ExtractorOptions.PolicyDir;
        if (settings.Json is { } json)
        {
            var node = Bench.ToJson(results);
            node["holdout"] = new JsonArray(settings.HoldoutNames.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
            node["policy"] = policy is null ? null : Path.GetFullPath(policy);
            node["policyTrained"] = trained is not null;
            node["seed"] = settings.Seed;
            node["gateFits"] = options.ExtractorOptions.GateFits;
            AtomicFile.WriteAllText(json, node.ToJsonString(Common.Json.Options));
            ReportCommand.WriteAfter(console, reporter, json, () => Reports.Reports.ForBench(json));
        }
        var best = extractors.Select(x => (x.Name, Auc: results.Average(t => t.Extractors.First(r => r.Name == x.Name).Auc))).MaxBy(x => x.Auc);
        console.Summary($"bench: {results.Count} tasks × {extractors.Count} extractors in {Format.Seconds(clock.Elapsed.TotalSeconds)} s; " +
            $"best mean ROC-AUC {best.Name} {Format.Score(best.Auc)}" + (trained is null ? "" : $"; trained the SE into {trained}") +
            (settings.Json is null ? "" : $"; wrote {settings.Json}"));
        return 0;
    }

    /// <summary>
    /// A BERT host on the built-in text tasks (<see cref="TextBench"/>): no truth, so each table shows
    /// T's score against its controls and the whole-model probe. Without --policy, `se` uses for each
    /// T an SE trained on the other five built-in tasks (shipped in policies/, or trained once and cached
    /// under runs/policies, as `subx extract` does), zero-shot and (row se+continue) after continued
    /// training on T.
    /// </summary>
    private int ExecuteText(BenchSettings settings)
    {
        if (settings.Holdout is not null) throw new SubxException("--holdout: expected a zoo host (on a BERT host each task's SE is trained on the five other built-in tasks), found a BERT host.");
        var only = CommaList.Parse(settings.Tasks);
        if (only?.FirstOrDefault(n => !BuiltInTasks.Contains(n)) is { } unknown)
            throw SubxException.Bad("--tasks", "task", $"built-in tasks ({string.Join(", ", BuiltInTasks.Names)})", $"'{unknown}'");
        var host = HostArgument.Load(settings.Host);
        var defaults = HostDefaults.For(host.Host);
        var names = settings.ExtractorNames();
        double size = settings.Size ?? ExtractSettings.DefaultTextSize;
        var all = BuiltInTasks.Names.Select(n => BuiltInTasks.Load(n)).ToList();
        foreach (var t in all) host.Host.CheckTask(t);
        var options = defaults.Extractors with
        {
            ContinueIterations = settings.Continue ?? defaults.Extractors.ContinueIterations,
            GateFits = settings.GateFits ?? defaults.Extractors.GateFits,
            RlUnitIterations = settings.RlIterations ?? defaults.Extractors.RlUnitIterations,
        };
        var se = defaults.Se with { Train = defaults.Se.Train with { Iterations = settings.TrainIterations ?? defaults.Se.Train.Iterations, Seed = settings.Seed } };
        var scorer = new Scorer(host.Host, defaults.Scorer);
        string PolicyFor(TaskData task, IProgress<SeProgress> training) =>
            settings.Policy ?? PolicyCache.HeldOut(Path.Combine("runs", "policies"), host.Spec, scorer, task.Name, se, training);
        var clock = Stopwatch.StartNew();
        var tasks = all.Where(t => only is null || only.Contains(t.Name)).Select(t => (t, BuiltInTasks.LoadDefaultDistractors(t.Name))).ToList();
        var results = reporter.Run("bench", bar => TextBench.Run(host.Host, tasks, names, options, PolicyFor, size, defaults.Scorer, defaults.Judge, settings.Seed,
            new Inline<BenchProgress>(p => { bar.Describe($"{p.Task}: {p.Extractor}"); bar.Report(p.Done / p.Total); })));
        foreach (var t in results)
        {
            var table = new Table().AddColumn("extractor");
            foreach (var h in new[] { "reward", "score T", "% of probe", "no subnet", "re-init", "random units", "score D (mean)", "size", "seconds" })
                table.AddColumn(new TableColumn(h).RightAligned());
            foreach (var r in t.Extractors)
                table.AddRow(Markup.Escape(r.Extractor), $"{Format.Score(r.Reward)} ± {Format.Score(r.RewardStdError)}", Format.Score(r.ScoreT), $"{100 * r.ScoreT / t.WholeModelProbe:F0}%", Format.Score(r.NoSubnet),
                    Format.Score(r.Reinitialized), Format.Score(r.RandomUnits), Format.Score(r.MeanDistractorScore), Format.Score(r.Size), Format.Seconds(r.ExtractSeconds));
            console.WriteTable($"{t.Task}: whole-model probe {Format.Score(t.WholeModelProbe)}", table,
                $"against {string.Join(", ", t.Distractors)}; size budget {Format.Score(size)}; every score judged over {defaults.Judge.Repeats} fine-tunes, the reward ± its standard error over them; seconds of extraction");
        }
        WriteMargins([.. results.Select(t => (t.Task, (IReadOnlyList<(string, double, IReadOnlyList<double>)>)[.. t.Extractors.Select(r => (r.Extractor, r.Reward, r.RewardRepeats))]))]);
        WriteZeroShotHandovers([.. results.SelectMany(t => t.Extractors.Where(r => r.ContinueKept == Subx.Extractors.Policy.ContinueCheck.ZeroShot).Select(_ => t.Task))]);
        if (settings.Json is { } json)
        {
            var node = TextBench.ToJson(results);
            node["host"] = host.Name;
            node["size"] = size;
            node["seed"] = settings.Seed;
            node["gateFits"] = options.GateFits;
            AtomicFile.WriteAllText(json, node.ToJsonString(Common.Json.Options));
            ReportCommand.WriteAfter(console, reporter, json, () => Reports.Reports.ForBench(json));
        }
        var rows = results[0].Extractors.Select(r => r.Extractor).ToList();
        var best = rows.Select(x => (Name: x, Reward: results.Average(t => t.Extractors.First(r => r.Extractor == x).Reward))).MaxBy(x => x.Reward);
        console.Summary($"bench: {results.Count} tasks × {rows.Count} extractors on {host.Spec} in {Format.Seconds(clock.Elapsed.TotalSeconds)} s; " +
            $"best mean reward {best.Name} {Format.Score(best.Reward)}" + (settings.Json is null ? "" : $"; wrote {settings.Json}"));
        return 0;
    }

    /// <summary>
    /// One line per SE row (`se`, `se+continue`): its reward less the best baseline's on every task,
    /// paired over the judge's fine-tunes, and on how many tasks it is ahead, clearly ahead, and clearly
    /// behind (a margin within twice its standard error is one the judge cannot tell from a tie).
    /// Nothing without an SE row or without a baseline.
    /// </summary>
    private void WriteMargins(IReadOnlyList<(string Task, IReadOnlyList<(string Name, double Reward, IReadOnlyList<double> Repeats)> Rows)> tasks)
    {
        if (tasks.Count == 0) return;
        var names = tasks[0].Rows.Select(r => r.Name).ToList();
        var baselines = names.Where(n => !Bench.IsSeRow(n)).ToList();
        if (baselines.Count == 0) return;
        foreach (var se in names.Where(Bench.IsSeRow))
        {
            var margins = tasks.Select(t => (t.Task, M: RewardMargin.OverBest(t.Task, t.Rows, se, baselines))).ToList();
            // A line per task: one long line would be wrapped at the console's width, splitting a task's figures.
            console.WriteLine($"{se} against the best baseline (its reward less the best one's, ± the standard error paired over the judge's fine-tunes):");
            foreach (var (task, m) in margins)
                console.WriteLine($"  {task} {Format.Signed(m.Difference)} ± {Format.Score(m.StandardError)} ({m.Best})");
            console.WriteLine($"{se}: ahead or level on {margins.Count(m => m.M.Difference >= 0)} of {margins.Count}; " +
                $"by more than twice the standard error ahead on {margins.Count(m => m.M.ClearlyAhead)}, " +
                $"behind on {margins.Count(m => m.M.ClearlyBehind)}");
        }
    }

    /// <summary>
    /// Every extractor's subnet knocked out of M on T (<see cref="Bench.KnockoutAblation"/>), an extractor per row and a task
    /// per column: M's probe on T without the subnet / with it alone; first intact M, last random units
    /// of the first extractor's subnet's size.
    /// </summary>
    private void WriteKnockout(IReadOnlyList<BenchTask> results)
    {
        var table = new Table().AddColumn("");
        foreach (var t in results) table.AddColumn(new TableColumn(Markup.Escape(t.Task)).RightAligned());
        static string Pair(double without, double alone) => $"{Format.Score(without)} / {Format.Score(alone)}";
        table.AddRow(["intact M", .. results.Select(t => Format.Score(t.Extractors[0].Knockout.Intact))]);
        for (int i = 0; i < results[0].Extractors.Count; i++)
            table.AddRow([Markup.Escape(results[0].Extractors[i].Name), .. results.Select(t => Pair(t.Extractors[i].Knockout.WithoutSubnet, t.Extractors[i].Knockout.OnlySubnet))]);
        table.AddRow(["random units", .. results.Select(t => Pair(t.Extractors[0].Knockout.WithoutRandomMean, t.Extractors[0].Knockout.OnlyRandomMean))]);
        console.WriteTable($"knock-out in M on T, {Bench.KnockoutAblation.Participle()}: M's probe on T without the subnet / with the subnet alone", table,
            "0 is chance, 1 is perfect; random units: of the first extractor's subnet's size, the mean of " +
            $"{Format.Count(Knockout.RandomDraws, "draw")}; a subnet that is T's part of M is low on the left of the slash and high on the right");
    }

    /// <summary>The tasks whose `se+continue` row is the zero-shot subnet, handed over because continued training's own check found its subnet clearly worse.</summary>
    private void WriteZeroShotHandovers(IReadOnlyList<string> tasks)
    {
        if (tasks.Count > 0)
            console.WriteLine($"{Bench.ContinueRow} handed over the zero-shot subnet on {string.Join(", ", tasks)}: continued training's subnet was clearly worse on its validation fine-tunes");
    }

    /// <summary>Where a bench puts the SE it trains: beside the JSON (to reuse with --policy), else a fresh temp folder.</summary>
    private static string TrainedPolicyDir(string? json) => json is null
        ? Path.Combine(Path.GetTempPath(), "subx-bench-" + Guid.NewGuid().ToString("N")[..8], Bench.PolicyFolder)
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(json))!, Bench.PolicyFolder);
}
