using System.Diagnostics;
using System.Text.Json.Nodes;
using Subx.Extractors;
using Subx.Extractors.Policy;
using Subx.Hosts;
using Subx.Rewards;
using Subx.Scoring;
using Subx.Tasks;
using Subx.Training;
using Subx.Units;

namespace Subx.Runs;

/// <summary>How <see cref="Bench.Run"/> runs every extractor on every task of a zoo.</summary>
public sealed record BenchOptions
{
    /// <summary>Size budget (fraction of unit parameters, in (0, 1]) for every extractor; null uses each task's truth size.</summary>
    public double? Size { get; init; }
    /// <summary>Seed of every extraction and score.</summary>
    public int Seed { get; init; } = 0;
    /// <summary>The fine-tuning budget of every score an extractor searches with (`rl-unit`, the SE's training and continued training).</summary>
    public ScorerConfig Scorer { get; init; } = new();
    /// <summary>
    /// The budget every finished subnet is judged with: the search's, with more fine-tunes per score
    /// (<see cref="HostDefaults.Judge"/>). Its first repeats draw the seeds the search scorer's repeats would.
    /// </summary>
    public ScorerConfig Judge { get; init; } = HostDefaults.Zoo.Judge;
    /// <summary>The reward weights (a, b, c).</summary>
    public RewardConfig Reward { get; init; } = new();
    /// <summary>
    /// Tasks held out of SE training (by name): the SE trained by <see cref="Bench.TrainPolicy"/> never
    /// sees them, yet they are benched like every task (zero-shot) and marked <see cref="BenchTask.HeldOut"/>.
    /// </summary>
    public IReadOnlyList<string> Holdout { get; init; } = [];
    /// <summary>
    /// Settings of the extractors that take any: `se`'s policy folder, `rl-unit`'s iterations, their RL
    /// settings. <see cref="ExtractorOptions.ContinueIterations"/> &gt; 0 adds a row <see cref="Bench.ContinueRow"/>
    /// beside the zero-shot `se` (see <see cref="Bench.CreateExtractors"/>).
    /// </summary>
    public ExtractorOptions ExtractorOptions { get; init; } = new();
    /// <summary>RL iterations of the SE that <see cref="Bench.TrainPolicy"/> trains when `se` is benched without a policy.</summary>
    public int TrainIterations { get; init; } = new TrainConfig().Iterations;

    /// <summary>Checks every field; throws a <see cref="SubxException"/> naming the first bad one.</summary>
    public void Validate(string where = "bench")
    {
        if (Size is double s && !(s > 0 && s <= 1))
            throw SubxException.Bad(where, "size", "a fraction in (0, 1]", s.ToString("G4", System.Globalization.CultureInfo.InvariantCulture));
        if (TrainIterations < 1) throw SubxException.Bad(where, "train iterations", "at least 1", TrainIterations.ToString());
        if (ExtractorOptions.ContinueIterations < 0)
            throw SubxException.Bad(where, "continue iterations", "0 or more", ExtractorOptions.ContinueIterations.ToString());
        if (ExtractorOptions.RlUnitIterations < 1)
            throw SubxException.Bad(where, "rl-unit iterations", "at least 1", ExtractorOptions.RlUnitIterations.ToString());
        Scorer.Validate(where);
        Judge.Validate(where);
        Reward.Validate(where);
    }
}

/// <summary>One extraction, scored: what the extractor picked, its scores on T and the distractors, the reward, and timings.</summary>
/// <param name="Extraction">The per-unit scores and the subnet.</param>
/// <param name="ScoreT">Score of the subnet on T.</param>
/// <param name="DistractorScores">Score on each distractor, in the request's order.</param>
/// <param name="Reward">The reward and every term (no overlap term: one task at a time).</param>
/// <param name="Controls">T's score with its controls, when asked for (its Score equals <paramref name="ScoreT"/>).</param>
/// <param name="ExtractSeconds">Wall-clock seconds the extractor took.</param>
/// <param name="ScoreSeconds">Wall-clock seconds the scoring took (the same budget for every extractor).</param>
/// <param name="RewardRepeats">
/// The reward of each of the judge's repeats (repeat k's score on T and on every distractor, which
/// share a seed); their mean is <see cref="RewardTerms.Total"/>. Two evaluations judged with the same
/// scorer and seed pair up repeat by repeat (<see cref="Spread.PairedDifference"/>).
/// </param>
public sealed record Evaluation(ExtractionResult Extraction, double ScoreT, IReadOnlyList<double> DistractorScores, RewardTerms Reward,
    ScoreWithControls? Controls, double ExtractSeconds, double ScoreSeconds, IReadOnlyList<double> RewardRepeats)
{
    /// <summary>The standard error of the reward over the judge's repeats: how far another set of judge seeds could move it.</summary>
    public double RewardStdError => Spread.StandardError(RewardRepeats);
}

/// <summary>What the judge's repeats (<see cref="Bench.Judge"/>) say about one subnet.</summary>
/// <param name="OnT">T's mean score under each control asked for, the subnet itself first.</param>
/// <param name="DistractorScores">The subnet's mean score on each distractor, in the request's order.</param>
/// <param name="Reward">The reward of the mean scores.</param>
/// <param name="RewardRepeats">The reward of each of the judge's repeats.</param>
public sealed record Judged(double[] OnT, double[] DistractorScores, RewardTerms Reward, double[] RewardRepeats)
{
    /// <summary>
    /// Reads the judge's repeats for <paramref name="subnet"/>, in <see cref="Bench.Judge"/>'s order:
    /// <paramref name="onT"/> rows on T, then one per distractor.
    /// </summary>
    internal static Judged Read(ExtractionRequest request, Subnet subnet, int onT, IReadOnlyList<double[]> repeats)
    {
        if (repeats.Count != onT + request.Distractors.Count)
            throw new ArgumentException($"{repeats.Count} rows of repeats; the judge's jobs were {onT} on T and {request.Distractors.Count} distractors");
        double[] means = [.. repeats.Select(r => r.Average())];
        double[] distractorScores = means[onT..];
        double[][] distractorRepeats = [.. repeats.Skip(onT)];
        return new Judged(means[..onT], distractorScores, Subx.Rewards.Reward.Compute(request.Reward, means[0], distractorScores, subnet),
            Bench.RewardRepeats(request.Reward, repeats[0], distractorRepeats, subnet));
    }
}

/// <summary>One extractor on one task of a bench: the columns of the bench table.</summary>
/// <param name="Name">Extractor name.</param>
/// <param name="Reward">Reward total.</param>
/// <param name="ScoreT">Score on T.</param>
/// <param name="ScoreDistractors">Mean score on the distractors.</param>
/// <param name="Size">Size of the subnet picked (fraction of unit parameters).</param>
/// <param name="Precision">Of the subnet's units against the truth.</param>
/// <param name="Recall">Of the subnet's units against the truth.</param>
/// <param name="F1">Of the subnet's units against the truth.</param>
/// <param name="Auc">ROC-AUC of the per-unit scores against the truth (ties count half).</param>
/// <param name="Seconds">Wall-clock seconds of the extraction alone (scoring costs every extractor the same).</param>
/// <param name="RewardRepeats">The reward of each of the judge's repeats (<see cref="Evaluation.RewardRepeats"/>).</param>
public sealed record BenchRow(string Name, double Reward, double ScoreT, double ScoreDistractors, double Size,
    double Precision, double Recall, double F1, double Auc, double Seconds, IReadOnlyList<double> RewardRepeats)
{
    /// <summary>The standard error of <see cref="Reward"/> over the judge's repeats.</summary>
    public double RewardStdError => Spread.StandardError(RewardRepeats);

    /// <summary>`se+continue`: which subnet continued training handed over (<see cref="Extractors.Policy.ContinueCheck.Kept"/>); null for other rows.</summary>
    public string? ContinueKept { get; init; }

    /// <summary>The subnet knocked out of M on T (mean-ablated; <see cref="Scoring.Knockout"/>): without it and with it alone, against random units of its size.</summary>
    public required KnockoutScore Knockout { get; init; }
}

/// <summary>
/// An extractor's reward against the best other extractor's on one task (the best by mean reward):
/// their difference, and its standard error from the judge's repeats taken in pairs (every row of a
/// bench is judged with the same seeds, so repeat k of both saw the same fine-tune randomness).
/// </summary>
public sealed record RewardMargin(string Extractor, string Best, double Difference, double StandardError)
{
    /// <summary>Ahead by more than twice the paired standard error: a lead the judge tells from a tie.</summary>
    public bool ClearlyAhead => Difference > 2 * StandardError;

    /// <summary>Behind by more than twice the paired standard error: a gap the judge tells from a tie.</summary>
    public bool ClearlyBehind => Difference < -2 * StandardError;

    /// <summary>
    /// <paramref name="extractor"/>'s reward among <paramref name="rows"/> (one task's) less the best of
    /// <paramref name="others"/>', with the paired standard error of the difference.
    /// </summary>
    public static RewardMargin OverBest(string task, IReadOnlyList<(string Name, double Reward, IReadOnlyList<double> Repeats)> rows,
        string extractor, IEnumerable<string> others)
    {
        (string Name, double Reward, IReadOnlyList<double> Repeats) Row(string name)
        {
            foreach (var r in rows) if (r.Name == name) return r;
            throw new ArgumentException($"task {task} has no row for extractor '{name}'");
        }
        var row = Row(extractor);
        var candidates = others.Select(Row).ToList();
        if (candidates.Count == 0) throw new ArgumentException("there are no other extractors to compare with", nameof(others));
        var best = candidates.MaxBy(r => r.Reward);
        var (difference, se) = Spread.PairedDifference(row.Repeats, best.Repeats);
        return new RewardMargin(extractor, best.Name, difference, se);
    }
}

/// <summary>Every extractor's row on one task.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Kind">Task kind (`linear`, `mlp`, `parity`).</param>
/// <param name="SizeBudget">The size budget every extractor got.</param>
/// <param name="SizeIsTruth">Whether the budget is the task's truth size (no --size given).</param>
/// <param name="TruthSize">Size of the task's true subnet.</param>
/// <param name="Extractors">One row per extractor, in the order given.</param>
public sealed record BenchTask(string Task, string Kind, double SizeBudget, bool SizeIsTruth, double TruthSize, IReadOnlyList<BenchRow> Extractors)
{
    /// <summary>Whether the task was held out of SE training (<see cref="BenchOptions.Holdout"/>): the SE's row on it is zero-shot on an unseen task.</summary>
    public bool HeldOut { get; init; }

    /// <summary><paramref name="extractor"/>'s reward less the best of <paramref name="others"/>' on this task, with the paired standard error.</summary>
    public RewardMargin MarginOverBest(string extractor, IEnumerable<string> others) =>
        RewardMargin.OverBest(Task, [.. Extractors.Select(r => (r.Name, r.Reward, r.RewardRepeats))], extractor, others);
}

/// <summary>How a trained SE's zero-shot subnet of one task matches the truth (its own threshold, p &gt; 0.5).</summary>
/// <param name="Task">Task name.</param>
/// <param name="Kind">Task kind.</param>
/// <param name="HeldOut">Whether the task was held out of training.</param>
/// <param name="Auc">ROC-AUC of the policy's logits against the truth.</param>
/// <param name="F1">F1 of the units kept against the truth's.</param>
/// <param name="Size">Size of the subnet kept (fraction of unit parameters).</param>
public sealed record ZeroShotRow(string Task, string Kind, bool HeldOut, double Auc, double F1, double Size);

/// <summary>Where a bench is: <paramref name="Done"/> of <paramref name="Total"/> extractions, with fractional progress inside the current one.</summary>
public readonly record struct BenchProgress(double Done, int Total, string Task, string Extractor);

/// <summary>
/// The benchmark: every extractor on every task of a planted zoo (distractors = the other tasks),
/// judged by its reward and against the truth. The CLI prints it; the benchmark harness reuses it.
/// </summary>
public static class Bench
{
    /// <summary>Name of the bench row of the SE after <see cref="ExtractorOptions.ContinueIterations"/> of continued training on T.</summary>
    public const string ContinueRow = "se+continue";
    /// <summary>Whether a bench row is the learned SE's (zero-shot, or after continued training); every other row is a baseline.</summary>
    public static bool IsSeRow(string name) => name is "se" or ContinueRow;

    /// <summary>How a bench knocks each row's subnet out of M on T.</summary>
    public const Ablation KnockoutAblation = Ablation.Mean;

    /// <summary>Folder name, under the bench's output folder, of the SE policy a bench trains.</summary>
    public const string PolicyFolder = "se-policy";

    /// <summary>
    /// The extractors of a bench, by registry name, in the order given, each built with
    /// <paramref name="options"/>; `se` runs zero-shot, and when <see cref="ExtractorOptions.ContinueIterations"/>
    /// &gt; 0 a row <see cref="ContinueRow"/> (the same policy, continued on T first) follows it.
    /// </summary>
    public static IReadOnlyList<IExtractor> CreateExtractors(IReadOnlyList<string> names, ExtractorOptions options)
    {
        var list = new List<IExtractor>();
        foreach (var name in names)
        {
            list.Add(ExtractorRegistry.Create(name, name == "se" ? options with { ContinueIterations = 0 } : options));
            if (name == "se" && options.ContinueIterations > 0) list.Add(new Renamed(ContinueRow, new SeExtractor(options)));
        }
        return list;
    }

    /// <summary>
    /// Trains the SE a bench judges when it has none: on the zoo's tasks not held out, with those same
    /// tasks as the distractor pool (a held-out task is never seen in training), into <paramref name="runDir"/>
    /// (a fresh run: an earlier run there is replaced). RL settings from <see cref="BenchOptions.ExtractorOptions"/>,
    /// with <see cref="BenchOptions.TrainIterations"/>, the bench's seed and reward.
    /// </summary>
    public static (PerceiverPolicy Policy, TrainState State) TrainPolicy(Zoo zoo, BenchOptions options, string runDir,
        IProgress<SeProgress>? progress = null)
    {
        options.Validate();
        var holdout = HoldoutSet(zoo, options.Holdout);
        var pool = zoo.Tasks.Where(t => !holdout.Contains(t.Name)).Select(t => new PoolTask(t.Data, t.Truth)).ToList();
        if (pool.Count == 0)
            throw SubxException.Bad("bench", "holdout", "at least one task left to train the SE on", $"every task held out ({string.Join(", ", holdout)})");
        var d = HostDefaults.Zoo.Se;
        var config = d with
        {
            Train = options.ExtractorOptions.Train with
            {
                Iterations = options.TrainIterations, Seed = options.Seed, Reward = options.Reward,
                LearningRateSchedule = d.Train.LearningRateSchedule, // the SE's training anneals; continued training and rl-unit do not
            },
            Policy = d.Policy with { Seed = options.Seed },
        };
        return SeRun.Train(new Scorer(zoo.Host, options.Scorer), pool, pool, config, runDir, resume: false, progress);
    }

    /// <summary>
    /// A trained SE's zero-shot subnet of every zoo task, judged against the truth: each task against
    /// the other tasks not held out as distractors, no size budget (the policy's own threshold).
    /// </summary>
    public static IReadOnlyList<ZeroShotRow> ZeroShot(Zoo zoo, string policyDir, IReadOnlyCollection<string> holdout, ScorerConfig? scorer = null)
    {
        var held = HoldoutSet(zoo, holdout);
        var se = new SeExtractor(new ExtractorOptions { PolicyDir = policyDir });
        var s = new Scorer(zoo.Host, scorer ?? new ScorerConfig()); // unused by a zero-shot pick without a budget; the request needs one
        return zoo.Tasks.Select(task =>
        {
            var distractors = zoo.Tasks.Where(t => t.Name != task.Name && !held.Contains(t.Name)).Select(t => t.Data).ToList();
            var e = se.Extract(new ExtractionRequest(zoo.Host, task.Data, distractors, null, new RewardConfig(), s));
            return new ZeroShotRow(task.Name, task.Kind, held.Contains(task.Name), TruthMetrics.RocAuc(e.UnitScores, task.Truth),
                TruthMetrics.Match(e.Subnet, task.Truth).F1, e.Subnet.Size);
        }).ToList();
    }

    /// <summary>The held-out names as a set, each checked against the zoo.</summary>
    private static HashSet<string> HoldoutSet(Zoo zoo, IEnumerable<string> holdout)
    {
        var set = new HashSet<string>(holdout, StringComparer.Ordinal);
        if (set.FirstOrDefault(n => zoo.Task(n) is null) is { } unknown)
            throw SubxException.Bad("bench", "holdout", $"tasks of the zoo ({string.Join(", ", zoo.Tasks.Select(t => t.Name))})", $"'{unknown}'");
        return set;
    }

    /// <summary>Runs every extractor on every task; tasks and extractors in the order given.</summary>
    public static IReadOnlyList<BenchTask> Run(Zoo zoo, IReadOnlyList<IExtractor> extractors, BenchOptions options, IProgress<BenchProgress>? progress = null)
    {
        options.Validate();
        if (extractors.Count == 0) throw SubxException.Bad("bench", "extractors", "at least one extractor", "none");
        var holdout = HoldoutSet(zoo, options.Holdout);
        var scorer = new Scorer(zoo.Host, options.Scorer);
        var judge = new Scorer(zoo.Host, options.Judge);
        int total = zoo.Tasks.Count * extractors.Count, done = 0;
        var results = new List<BenchTask>();
        foreach (var task in zoo.Tasks)
        {
            var distractors = zoo.Tasks.Where(t => !ReferenceEquals(t, task)).Select(t => t.Data).ToArray();
            double budget = options.Size ?? task.Truth.Size;
            var rows = new List<BenchRow>();
            foreach (var extractor in extractors)
            {
                int at = done;
                progress?.Report(new BenchProgress(at, total, task.Name, extractor.Name));
                var inner = progress is null ? null : new Inline<double>(f => progress.Report(new BenchProgress(at + Math.Clamp(f, 0, 1), total, task.Name, extractor.Name)));
                var request = new ExtractionRequest(zoo.Host, task.Data, distractors, budget, options.Reward, scorer, options.Seed);
                var e = Evaluate(extractor, request, withControls: false, inner, judge);
                var match = TruthMetrics.Match(e.Extraction.Subnet, task.Truth);
                // M's own probe on T without the subnet and with it alone: on a zoo, under a second.
                var knockout = Knockout.Measure(zoo.Host, e.Extraction.Subnet, [task.Data], options.Seed, KnockoutAblation)[0];
                rows.Add(new BenchRow(extractor.Name, e.Reward.Total, e.ScoreT, e.Reward.MeanDistractorScore, e.Extraction.Subnet.Size,
                    match.Precision, match.Recall, match.F1, TruthMetrics.RocAuc(e.Extraction.UnitScores, task.Truth), e.ExtractSeconds, e.RewardRepeats)
                    { ContinueKept = e.Extraction.ContinueCheck?.Kept, Knockout = knockout });
                done++;
                progress?.Report(new BenchProgress(done, total, task.Name, extractor.Name));
            }
            results.Add(new BenchTask(task.Name, task.Kind, budget, options.Size is null, task.Truth.Size, rows) { HeldOut = holdout.Contains(task.Name) });
        }
        return results;
    }

    /// <summary>
    /// Runs one extractor and scores its subnet on T and on every distractor in one batch of
    /// fine-tunes (with T's three controls too when <paramref name="withControls"/>), then computes the reward.
    /// </summary>
    /// <remarks>
    /// With <paramref name="judge"/>, the subnet is scored by that scorer (e.g. more repeats) instead of the
    /// request's, which the extractor searches with. <paramref name="progress"/> follows the extraction,
    /// <paramref name="scoring"/> the fraction of the scoring's fine-tunes done.
    /// </remarks>
    public static Evaluation Evaluate(IExtractor extractor, ExtractionRequest request, bool withControls = false, IProgress<double>? progress = null, Scorer? judge = null,
        IProgress<double>? scoring = null)
    {
        var clock = Stopwatch.StartNew();
        var extraction = extractor.Extract(request, progress);
        double extractSeconds = clock.Elapsed.TotalSeconds;
        if (extraction.UnitScores.Length != request.Host.Units.Count)
            throw new InvalidOperationException($"extractor '{extractor.Name}' returned {extraction.UnitScores.Length} unit scores; the host has {request.Host.Units.Count} units");

        clock.Restart();
        var subnet = extraction.Subnet;
        Control[] onT = withControls ? [Control.Subnet, Control.NoSubnet, Control.Reinitialized, Control.RandomUnits] : [Control.Subnet];
        var judged = Judge(judge ?? request.Scorer, [(request, subnet)], onT, scoring)[0];
        double scoreSeconds = clock.Elapsed.TotalSeconds;

        var t = judged.OnT;
        var controls = withControls ? new ScoreWithControls(t[0], t[1], t[2], t[3]) : null;
        return new Evaluation(extraction, t[0], judged.DistractorScores, judged.Reward, controls, extractSeconds, scoreSeconds, judged.RewardRepeats);
    }

    /// <summary>
    /// Judges each subnet on its request, all in one batch of <paramref name="judge"/>'s fine-tunes: T
    /// under each of <paramref name="onT"/> (the subnet itself first), then every distractor, all on
    /// the request's seed, so that the k-th repeats of one subnet's scores, and of subnets judged on the
    /// same seed, pair.
    /// </summary>
    public static Judged[] Judge(Scorer judge, IReadOnlyList<(ExtractionRequest Request, Subnet Subnet)> subnets, IReadOnlyList<Control> onT,
        IProgress<double>? progress = null)
    {
        static IEnumerable<ScoreJob> Jobs(ExtractionRequest r, Subnet subnet, IReadOnlyList<Control> onT) =>
            [.. onT.Select(c => new ScoreJob(subnet, r.Task, r.Seed, c)), .. r.Distractors.Select(d => new ScoreJob(subnet, d, r.Seed))];
        var repeats = judge.ScoreRepeats([.. subnets.SelectMany(x => Jobs(x.Request, x.Subnet, onT))], progress);
        var result = new Judged[subnets.Count];
        for (int i = 0, first = 0; i < subnets.Count; i++)
        {
            var (request, subnet) = subnets[i];
            int rows = onT.Count + request.Distractors.Count;
            result[i] = Judged.Read(request, subnet, onT.Count, repeats[first..(first + rows)]);
            first += rows;
        }
        return result;
    }

    /// <summary>
    /// The reward of each judge repeat: repeat k's score on T less the terms of repeat k's scores on the
    /// distractors (<see cref="Scorer.ScoreRepeats"/> gives them the same seeds). Their mean is the reward of the mean scores.
    /// </summary>
    public static double[] RewardRepeats(RewardConfig config, double[] scoreT, IReadOnlyList<double[]> distractorScores, Subnet subnet) =>
        [.. Enumerable.Range(0, scoreT.Length).Select(k => Reward.Compute(config, scoreT[k], [.. distractorScores.Select(d => d[k])], subnet).Total)];

    /// <summary>
    /// The bench as JSON: `{"tasks":[{"task", "kind", "heldOut", "sizeBudget", "sizeIsTruth", "truthSize",
    /// "extractors":[{"name", "reward", "scoreT", "scoreDistractors", "size", "precision", "recall", "f1", "auc", "seconds",
    /// "rewardStdError", "rewardRepeats", "continueKept"}]}]}`.
    /// </summary>
    public static JsonObject ToJson(IReadOnlyList<BenchTask> results) => new()
    {
        ["tasks"] = new JsonArray(results.Select(t => (JsonNode)new JsonObject
        {
            ["task"] = t.Task,
            ["kind"] = t.Kind,
            ["heldOut"] = t.HeldOut,
            ["sizeBudget"] = t.SizeBudget,
            ["sizeIsTruth"] = t.SizeIsTruth,
            ["truthSize"] = t.TruthSize,
            ["extractors"] = new JsonArray(t.Extractors.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["reward"] = r.Reward,
                ["scoreT"] = r.ScoreT,
                ["scoreDistractors"] = r.ScoreDistractors,
                ["size"] = r.Size,
                ["precision"] = r.Precision,
                ["recall"] = r.Recall,
                ["f1"] = r.F1,
                ["auc"] = r.Auc,
                ["seconds"] = r.Seconds,
                ["rewardStdError"] = r.RewardStdError,
                ["rewardRepeats"] = new JsonArray(r.RewardRepeats.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
                ["continueKept"] = r.ContinueKept,
                ["knockout"] = r.Knockout.ToJson(new JsonObject { ["ablation"] = KnockoutAblation.Name() }),
            }).ToArray()),
        }).ToArray()),
    };

    /// <summary>An extractor under another row name (the same extractor in two settings, e.g. <see cref="ContinueRow"/>).</summary>
    private sealed class Renamed(string name, IExtractor inner) : IExtractor
    {
        public string Name => name;
        public string Description => inner.Description;
        public ExtractionResult Extract(ExtractionRequest request, IProgress<double>? progress = null) => inner.Extract(request, progress);
    }
}
