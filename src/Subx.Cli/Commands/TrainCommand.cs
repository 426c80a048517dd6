using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Subx.Cli.Common;
using Subx.Hosts;
using Subx.Observation;
using Subx.Runs;
using Subx.Scoring;
using Subx.Tasks;
using Subx.Training;

namespace Subx.Cli.Commands;

/// <summary>
/// `subx train`: which zoo, which tasks to train on and hold out, where the run goes, and the RL
/// settings. Unset RL options take <see cref="TrainConfig"/>'s defaults on a new run and the run's
/// own settings on `--resume`, so a resumed run continues exactly.
/// </summary>
public sealed class TrainSettings : CommandSettings
{
    [CommandOption("--host <HOST>")]
    [Description("Zoo folder holding the host and its tasks (see `subx zoo`), or a BERT host: `minilm` (the default), `arcticxs`, a BERT .onnx file or a Hugging Face folder, trained on built-in text tasks or task files.")]
    public string? Host { get; set; }

    [CommandOption("--tasks <LIST>")]
    [Description("Comma list of tasks to train on (the targets T: a zoo's tasks, or text tasks and task files on a BERT host); default: every task not in --holdout (with --resume and neither list given: the run's).")]
    public string? Tasks { get; set; }

    [CommandOption("--holdout <LIST>")]
    [Description("Comma list of tasks never seen in training, neither as targets nor as distractors; the zero-shot table marks them.")]
    public string? Holdout { get; set; }

    [CommandOption("--out <RUN>")]
    [Description("Run folder: checkpoint.safetensors, config.json, metrics.jsonl, metrics.csv, a TensorBoard events file and, on a zoo, zero-shot.json. Must not hold a run unless --resume.")]
    public string? Out { get; set; }

    [CommandOption("--resume")]
    [Description("Continue the run in --out from its checkpoint; with a new --tasks list it continues training on new target tasks.")]
    public bool Resume { get; set; }

    [CommandOption("--iterations <N>")]
    [Description("Policy updates to reach in total, counting those before a resume (default 150, 40 on a BERT host; on --resume, the run's).")]
    public int? Iterations { get; set; }

    [CommandOption("--group-size <G>")]
    [Description("Subnets sampled per iteration, each scored on T and every distractor (default 8, 6 on a BERT host; on --resume, the run's).")]
    public int? GroupSize { get; set; }

    [CommandOption("--distractors <N>")]
    [Description("Distractors drawn per iteration from the distractor pool (default 2; on --resume, the run's).")]
    public int? Distractors { get; set; }

    [CommandOption("--size-penalty <B>")]
    [Description("Reward's size penalty b, the schedule's start (default 0.5; on --resume, the run's).")]
    public double? SizePenalty { get; set; }

    [CommandOption("--final-size-penalty <B2>")]
    [Description("b at the last iteration, with --schedule linear or exponential (default 2; on --resume, the run's).")]
    public double? FinalSizePenalty { get; set; }

    [CommandOption("--schedule <SCHEDULE>")]
    [Description("How b moves over training: constant, linear or exponential (default constant; on --resume, the run's).")]
    public string? Schedule { get; set; }

    [CommandOption("--overlap-penalty <C>")]
    [Description("Reward's diversity weight c: overlap with the archive's best subnets of other tasks (default 0; on --resume, the run's).")]
    public double? OverlapPenalty { get; set; }

    [CommandOption("--distractor-weight <A>")]
    [Description("Reward's weight a of the mean distractor score (default 1; on --resume, the run's).")]
    public double? DistractorWeight { get; set; }

    [CommandOption("--learning-rate <LR>")]
    [Description("Adam step size of the policy (default 0.003, 0.0001 on a BERT host; on --resume, the run's).")]
    public double? LearningRate { get; set; }

    [CommandOption("--lr-schedule <SCHEDULE>")]
    [Description("How the learning rate moves over training: constant, or linear (falls to 1/iterations of it at the last iteration; continuing a run on new --tasks is constant unless this is given) (default linear, constant on a BERT host; on --resume, the run's).")]
    public string? LrSchedule { get; set; }

    [CommandOption("--entropy-bonus <E>")]
    [Description("Weight of the policy's mean per-unit entropy in the objective: keeps it exploring (default 0.005; on --resume, the run's).")]
    public double? EntropyBonus { get; set; }

    [CommandOption("--ppo-epochs <K>")]
    [Description("PPO-style clipped updates per iteration; 0 is plain REINFORCE (default 0; on --resume, the run's).")]
    public int? PpoEpochs { get; set; }

    [CommandOption("--sample-size <S>")]
    [Description("Shift the policy's logits each iteration so that a sampled subnet keeps this fraction of the unit parameters in expectation: RL explores around the top units a size-budgeted extraction takes (default off; on --resume, the run's).")]
    public double? SampleSize { get; set; }

    [CommandOption("--checkpoint-every <N>")]
    [Description("Write a checkpoint every N iterations, and at the end (default 10, 5 on a BERT host; on --resume, the run's).")]
    public int? CheckpointEvery { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Seed of the policy's initial weights and of every random choice of training (default 0; on --resume, the run's).")]
    public int? Seed { get; set; }

    /// <summary>The --tasks names, or null when not given.</summary>
    public IReadOnlyList<string>? TaskNames => CommaList.Parse(Tasks);
    /// <summary>The --holdout names, or null when not given.</summary>
    public IReadOnlyList<string>? HoldoutNames => CommaList.Parse(Holdout);

    /// <summary>The training settings: every option given, over <paramref name="baseline"/> (the defaults, or the run's on resume).</summary>
    public TrainConfig ToConfig(TrainConfig baseline) => baseline with
    {
        Iterations = Iterations ?? baseline.Iterations,
        GroupSize = GroupSize ?? baseline.GroupSize,
        Distractors = Distractors ?? baseline.Distractors,
        LearningRate = LearningRate ?? baseline.LearningRate,
        LearningRateSchedule = LrSchedule is null ? baseline.LearningRateSchedule : Enum.Parse<LearningRateSchedule>(LrSchedule, ignoreCase: true),
        EntropyBonus = EntropyBonus ?? baseline.EntropyBonus,
        PpoEpochs = PpoEpochs ?? baseline.PpoEpochs,
        SampleSize = SampleSize ?? baseline.SampleSize,
        CheckpointEvery = CheckpointEvery ?? baseline.CheckpointEvery,
        Seed = Seed ?? baseline.Seed,
        Schedule = Schedule is null ? baseline.Schedule : Enum.Parse<SizePenaltySchedule>(Schedule, ignoreCase: true),
        FinalSizePenalty = FinalSizePenalty ?? baseline.FinalSizePenalty,
        Reward = baseline.Reward with
        {
            SizePenalty = SizePenalty ?? baseline.Reward.SizePenalty,
            OverlapPenalty = OverlapPenalty ?? baseline.Reward.OverlapPenalty,
            DistractorWeight = DistractorWeight ?? baseline.Reward.DistractorWeight,
        },
    };

    /// <summary>The checkpoint a run folder holds.</summary>
    public string CheckpointPath => Path.Combine(Out!, Checkpoint.FileName);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        var host = HostArgument.Check(Host);
        if (!host.Successful) return host;
        if (TaskNames is { Count: 0 }) return ValidationResult.Error("--tasks: expected a comma list of zoo tasks, found an empty list.");
        if (HoldoutNames is { Count: 0 }) return ValidationResult.Error("--holdout: expected a comma list of zoo tasks, found an empty list.");
        if (TaskNames is { } tasks && HoldoutNames is { } held && tasks.FirstOrDefault(held.Contains) is { } both)
            return ValidationResult.Error($"--holdout: expected tasks not in --tasks (a held-out task is never seen in training), found '{both}' in both.");
        if (Schedule is not null && !Enum.GetNames<SizePenaltySchedule>().Contains(Schedule, StringComparer.OrdinalIgnoreCase))
            return ValidationResult.Error($"--schedule: expected constant, linear or exponential, found '{Schedule}'.");
        if (LrSchedule is not null && !Enum.GetNames<LearningRateSchedule>().Contains(LrSchedule, StringComparer.OrdinalIgnoreCase))
            return ValidationResult.Error($"--lr-schedule: expected constant or linear, found '{LrSchedule}'.");
        if (Iterations < 1) return ValidationResult.Error($"--iterations: expected at least 1, found {Iterations}.");
        if (GroupSize < 2) return ValidationResult.Error($"--group-size: expected at least 2 (the baseline leaves one out), found {GroupSize}.");
        if (Distractors < 0) return ValidationResult.Error($"--distractors: expected 0 or more, found {Distractors}.");
        if (LearningRate is double lr && !(lr > 0)) return ValidationResult.Error($"--learning-rate: expected a positive number, found {Format.Plain(lr)}.");
        if (PpoEpochs < 0) return ValidationResult.Error($"--ppo-epochs: expected 0 or more, found {PpoEpochs}.");
        if (SampleSize is double size && !(size > 0 && size < 1)) return ValidationResult.Error($"--sample-size: expected a fraction in (0, 1), found {Format.Plain(size)}.");
        if (CheckpointEvery < 1) return ValidationResult.Error($"--checkpoint-every: expected at least 1, found {CheckpointEvery}.");
        foreach (var (option, value) in new[] { ("--entropy-bonus", EntropyBonus), ("--size-penalty", SizePenalty), ("--final-size-penalty", FinalSizePenalty), ("--overlap-penalty", OverlapPenalty), ("--distractor-weight", DistractorWeight) })
            if (value is double v && !(v >= 0)) return ValidationResult.Error($"{option}: expected 0 or more, found {Format.Plain(v)}.");
        if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out: expected a run folder to write, found nothing.");
        if (OutputPath.Problem("--out", Out, folder: true) is { } outProblem) return ValidationResult.Error(outProblem);
        if (Resume && !File.Exists(CheckpointPath))
            return ValidationResult.Error($"--resume: expected a run folder with {Checkpoint.FileName} to continue, found none in '{Out}'.");
        if (!Resume && File.Exists(CheckpointPath))
            return ValidationResult.Error($"--out: '{Out}' already holds a trained run; pass --resume to continue it or choose another --out.");
        return ValidationResult.Success();
    }
}

/// <summary>
/// Trains the subnet extractor on zoo tasks (<see cref="SeRun"/>), then prints how well the trained
/// policy extracts every zoo task zero-shot, judged against the truth.
/// </summary>
public sealed class TrainCommand(IAnsiConsole console, Reporter reporter) : Command<TrainSettings>
{
    /// <summary>The zero-shot table of a zoo run, as JSON in the run folder (the console prints the same rows).</summary>
    public const string ZeroShotFile = RunFiles.ZeroShot;

    /// <inheritdoc />
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        if (!HostArgument.IsZoo(settings.Host)) return ExecuteText(settings);
        // Everything the user named is resolved and checked before any work starts.
        string run = settings.Out!;
        var zoo = ZooFolder.Load(settings.Host!);
        var info = settings.Resume ? Checkpoint.ReadInfo(run) : null;
        RequireSameHost(info, zoo.Host, settings.Host!, run);
        var (taskNames, holdoutNames) = TaskLists(zoo, settings, run);
        var tasks = ZooFolder.ZooTasks(zoo, taskNames, "--tasks");
        var holdout = ZooFolder.ZooTasks(zoo, holdoutNames, "--holdout");
        if (tasks.Count == 0)
            throw new SubxException($"--holdout: expected at least one zoo task left to train on, found every task held out ({string.Join(", ", holdoutNames)}).");
        var train = ResolveTrain(settings, info, HostDefaults.Zoo.Se.Train, run, NewTargets(info, run, taskNames));
        var d = HostDefaults.Zoo.Se;
        var config = d with { Train = train, Policy = d.Policy with { Seed = train.Seed } }; // on resume SeRun keeps the run's policy shape
        var pool = tasks.Select(t => new PoolTask(t.Data, t.Truth)).ToList();
        var distractorPool = zoo.Tasks.Where(t => !holdoutNames.Contains(t.Name)).Select(t => new PoolTask(t.Data, t.Truth)).ToList();
        int start = info?.Iteration ?? 0;

        var clock = Stopwatch.StartNew();
        FitGatesFirst(zoo.Host, "the zoo", SeRun.ObservationOf(config, info), pool, distractorPool);
        IReadOnlyList<double> rewards = [];
        var zeroShot = reporter.Run($"train: it {start}/{train.Iterations}", bar =>
        {
            var training = new TrainingBar(bar, "train", 0); // the gates had a bar of their own
            SeRun.Train(new Scorer(zoo.Host, new ScorerConfig()), pool, distractorPool, config, run, settings.Resume, training);
            rewards = training.Rewards; // this run's iterations, for the summary
            bar.Describe($"train: it {train.Iterations}/{train.Iterations}, zero-shot on every task");
            return Bench.ZeroShot(zoo, run, holdoutNames);
        });
        double seconds = clock.Elapsed.TotalSeconds;

        // Each task's distractors: the other tasks not held out (Bench.ZeroShot).
        var table = new Table()
            .AddColumn("task").AddColumn("kind").AddColumn("role");
        foreach (var h in new[] { "ROC-AUC", "F1", "size" }) table.AddColumn(new TableColumn(h).RightAligned());
        string Role(ZeroShotRow r) => r.HeldOut ? "held out" : taskNames.Contains(r.Task) ? "trained" : "distractor";
        foreach (var r in zeroShot)
            table.AddRow(Markup.Escape(r.Task), Markup.Escape(r.Kind), Role(r), Format.Score(r.Auc), Format.Score(r.F1), Format.Score(r.Size));
        console.WriteTable("zero-shot, the SE's own threshold (p > 0.5)", table,
            "held out: never seen in training" + (zeroShot.Any(r => !r.HeldOut && !taskNames.Contains(r.Task)) ? "; distractor: a distractor, never a target" : ""));
        var json = new JsonObject
        {
            ["iteration"] = train.Iterations,
            ["threshold"] = "p > 0.5",
            ["tasks"] = new JsonArray(zeroShot.Select(r => (JsonNode)new JsonObject
            {
                ["task"] = r.Task, ["kind"] = r.Kind, ["role"] = Role(r), ["auc"] = r.Auc, ["f1"] = r.F1, ["size"] = r.Size,
            }).ToArray()),
        };
        AtomicFile.WriteAllText(Path.Combine(run, ZeroShotFile), json.ToJsonString(Json.Options));
        ReportCommand.WriteAfter(console, reporter, run, () => Reports.Reports.ForRun(run));

        var last = rewards.TakeLast(Metric.FinalWindow).ToList();
        console.Summary($"train: {Format.Count(train.Iterations, "iteration")} ({rewards.Count} in this run) in {Format.Seconds(seconds)} s; " +
            $"final mean reward {Format.Score(last.Average())} (last {last.Count} iterations); wrote {run}");
        return 0;
    }

    /// <summary>Whether a resumed run is given targets other than the ones it trained on (the proposal's "continue SE's training").</summary>
    private static bool NewTargets(Checkpoint.Info? info, string run, IReadOnlyList<string> targets) =>
        info is not null && RunTaskList(run, "tasks") is { } before && !before.ToHashSet().SetEquals(targets);

    /// <summary>
    /// A task list the run's config.json records (`tasks` or `distractorPool`); null when the run has
    /// no config.json, and an error naming the file when it lacks the list.
    /// </summary>
    private static List<string>? RunTaskList(string run, string key)
    {
        string path = Path.Combine(run, SeRun.ConfigFile);
        if (!File.Exists(path)) return null;
        return (Json.Read(path, "the run's resolved config (as `subx train` writes)")[key] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList()
            ?? throw SubxException.Bad(path, key, "a list of task names", "nothing");
    }

    /// <summary>
    /// A run continues on the host it was trained on: the policy reads any host, so nothing else would
    /// stop a zoo run from being trained on MiniLM under its own name, its config.json rewritten.
    /// </summary>
    private static void RequireSameHost(Checkpoint.Info? info, IHost host, string spec, string run)
    {
        if (info is not null && info.HostDescription != host.Description)
            throw new SubxException($"--host: expected the host the run in '{run}' was trained on ({info.HostDescription}), found '{spec}' ({host.Description}); train a new run with another --out.");
    }

    /// <summary>
    /// Fits the learned gates the SE will read (<see cref="SeRun.GateTasks"/>) in a bar of their own:
    /// seconds a task on a zoo, up to a minute on a BERT. Cached for the process, so training finds them
    /// fitted and its own bar holds the iterations alone.
    /// </summary>
    private void FitGatesFirst(IHost host, string hostName, ObservationConfig observation, IReadOnlyList<PoolTask> pool, IReadOnlyList<PoolTask> distractorPool)
    {
        var gates = new ObservationBuilder(host, observation);
        var tasks = SeRun.GateTasks(pool, distractorPool);
        if (gates.GatesToFit(tasks) is int toFit and > 0)
            reporter.Run($"learned gates on {hostName}: {Format.Count(toFit, "task")}", bar => { gates.FitGates(tasks, bar); return 0; });
    }

    /// <summary>
    /// The training settings: the options given over the run's own (on --resume) or the host's
    /// defaults, checked against the run's progress and each other.
    /// </summary>
    private static TrainConfig ResolveTrain(TrainSettings settings, Checkpoint.Info? info, TrainConfig defaults, string run, bool newTargets)
    {
        var train = settings.ToConfig(info?.Train ?? defaults);
        // Continued training on new targets runs at the constant rate, as continued training inside
        // extract and bench does: annealing again from where the run left off let the zoo SE loosen
        // (held-out F1 0.94 -> 0.59 on mlp4 over 200 iterations; constant: 0.95, docs/BENCHMARKS.md).
        if (newTargets && settings.LrSchedule is null) train = train with { LearningRateSchedule = LearningRateSchedule.Constant };
        if (info is not null && train.Iterations <= info.Iteration)
            throw new SubxException($"--iterations: expected more than the {info.Iteration} iterations '{run}' has already done (the total to reach), found {train.Iterations}.");
        if (settings.FinalSizePenalty is not null && train.Schedule == SizePenaltySchedule.Constant)
            throw new SubxException("--final-size-penalty: expected --schedule linear or exponential with it (b stays at --size-penalty otherwise), found the constant schedule.");
        train.Validate("train");
        return train;
    }

    /// <summary>
    /// Training on a BERT host: the targets are built-in text tasks or task files (default: every
    /// built-in task not held out), the distractor pool is the targets plus the built-in tasks not
    /// held out, and the budgets are <see cref="HostDefaults.Text"/>'s under the options given. There is
    /// no truth, so the summary is each task's mean reward as a target.
    /// </summary>
    private int ExecuteText(TrainSettings settings)
    {
        string run = settings.Out!;
        var host = HostArgument.Load(settings.Host);
        var defaults = HostDefaults.For(host.Host);
        var info = settings.Resume ? Checkpoint.ReadInfo(run) : null;
        RequireSameHost(info, host.Host, host.Spec, run);
        var holdoutNames = settings.HoldoutNames ?? [];
        var taskNames = settings.TaskNames;
        if (settings.Resume && taskNames is null && settings.HoldoutNames is null) taskNames = RunTaskList(run, "tasks");
        taskNames ??= BuiltInTasks.Names.Where(n => !holdoutNames.Contains(n)).ToList();
        var tasks = taskNames.Select(n => HostArgument.Task(host, n, "--tasks")).ToList();
        foreach (string h in holdoutNames) HostArgument.Task(host, h, "--holdout"); // checked, never loaded for training
        if (tasks.Count == 0) throw new SubxException("--holdout: expected at least one task left to train on, found every built-in task held out.");
        reporter.WarnOfSmallTasks(tasks);
        var distractorPool = tasks.Concat(BuiltInTasks.Names.Where(n => !holdoutNames.Contains(n) && !tasks.Any(t => t.Name == n)).Select(n => BuiltInTasks.Load(n)))
            .Select(t => new PoolTask(t)).ToList();
        var train = ResolveTrain(settings, info, defaults.Se.Train, run, NewTargets(info, run, taskNames));
        var config = defaults.Se with { Train = train, Policy = defaults.Se.Policy with { Seed = train.Seed } };
        int start = info?.Iteration ?? 0;

        var clock = Stopwatch.StartNew();
        var pool = tasks.Select(t => new PoolTask(t)).ToList();
        FitGatesFirst(host.Host, host.Spec, SeRun.ObservationOf(config, info), pool, distractorPool);
        reporter.Run($"train on {host.Spec}: it {start}/{train.Iterations}", bar =>
        {
            SeRun.Train(new Scorer(host.Host, defaults.Scorer), pool, distractorPool, config, run, settings.Resume,
                new TrainingBar(bar, $"train on {host.Spec}", 0)); // the gates had a bar of their own
            return 0;
        });
        double seconds = clock.Elapsed.TotalSeconds;

        // No truth on real tasks: each target's rewards over the run (metrics.jsonl, every iteration).
        var rows = File.ReadLines(Path.Combine(run, MetricsLog.JsonlFile)).Select(l => JsonNode.Parse(l)!)
            .Select(n => (Task: n[Metric.Task]!.GetValue<string>(), Reward: n[Metric.Reward]!.GetValue<double>(), Size: n[Metric.Size]!.GetValue<double>())).ToList();
        var table = new Table().AddColumn("task");
        foreach (var h in new[] { "iterations as T", "mean reward", "last reward", "last mean size" }) table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var g in rows.GroupBy(r => r.Task))
            table.AddRow(Markup.Escape(g.Key), g.Count().ToString(), Format.Score(g.Average(r => r.Reward)), Format.Score(g.Last().Reward), Format.Score(g.Last().Size));
        console.WriteTable($"SE training on {host.Host.Description}", table);
        ReportCommand.WriteAfter(console, reporter, run, () => Reports.Reports.ForRun(run));
        console.Summary($"train: {Format.Count(train.Iterations, "iteration")} ({train.Iterations - start} in this run) in {Format.Seconds(seconds)} s; wrote {run}");
        return 0;
    }

    /// <summary>
    /// The tasks to train on and to hold out. --tasks defaults to every zoo task not held out; on
    /// --resume with neither list given, the run's own lists (its config.json) so it continues as it was.
    /// </summary>
    private static (IReadOnlyList<string> Tasks, IReadOnlyList<string> Holdout) TaskLists(Zoo zoo, TrainSettings settings, string run)
    {
        var tasks = settings.TaskNames;
        var holdout = settings.HoldoutNames;
        if (settings.Resume && tasks is null && holdout is null && RunTaskList(run, "tasks") is { } runTasks)
        {
            var distractorPool = RunTaskList(run, "distractorPool")!;
            return (runTasks, zoo.Tasks.Select(t => t.Name).Where(n => !distractorPool.Contains(n)).ToList());
        }
        holdout ??= [];
        return (tasks ?? zoo.Tasks.Select(t => t.Name).Where(n => !holdout.Contains(n)).ToList(), holdout);
    }
}
