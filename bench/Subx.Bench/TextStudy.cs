using System.Diagnostics;
using Subx.Hosts.Bert;
using Subx.Scoring;
using Subx.Tasks;
using Subx.Units;

static class TextTiming
{
    /// <summary>Seconds per assister fine-tune on a MiniLM task with the text defaults: one alone, and a batch of JOBS (medians of RUNS).</summary>
    public static void Run(string hostName, string[] tasks, double size, int jobs, int runs, int maxBatch = 0)
    {
        var host = BertLoader.Load(hostName);
        var config = Subx.Runs.HostDefaults.Text.Scorer;
        if (maxBatch > 0) config = config with { MaxBatch = maxBatch };
        Console.WriteLine($"max batch {config.MaxBatch}");
        var scorer = new Scorer(host, config);
        Console.WriteLine($"Text scorer: {Subx.Runs.HostDefaults.Text.Scorer.Steps} steps of {Subx.Runs.HostDefaults.Text.Scorer.BatchSize} examples, texts cut to {host.MaxTokens} tokens, {Subx.Runs.HostDefaults.Text.Scorer.MaxValidation} validation rows; subnets of size {size}; medians of {runs} runs.\n");
        Console.WriteLine("| task | tokens (longest) | one fine-tune alone, s | batch of " + jobs + ", s | per fine-tune in the batch, s |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var name in tasks)
        {
            var task = BuiltInTasks.Load(name);
            scorer.Score(new ScoreJob(Subnet.Empty(host.Units), task, 0)); // builds the task's cache of embeddings
            var js = Enumerable.Range(0, jobs).Select(j => new ScoreJob(Scorer.RandomOfSize(host.Units, size, j), task, j)).ToArray();
            double Median(Action a) => Enumerable.Range(0, runs).Select(_ => { var sw = Stopwatch.StartNew(); a(); return sw.Elapsed.TotalSeconds; }).Order().ElementAt(runs / 2);
            double one = Median(() => scorer.Score(js[0]));
            double batch = Median(() => scorer.Score(js));
            int tokens = (int)host.Inputs(task, task.Splits.Train.Take(2000).ToArray()).X.shape[1];
            Console.WriteLine($"| {name} | {tokens} | {one:F2} | {batch:F2} | {batch / jobs:F2} |");
        }
    }
}

/// <summary>
/// The real-model table (Core's TextBench, as `subx bench --host minilm` runs it): for each built-in
/// task as T (three others as distractors), every extractor at one size budget, with T's controls,
/// the distractor scores, the reward, and the whole-model probe. For each T the `se` rows use an SE
/// trained on the five other built-in tasks (cached under RUN_ROOT/policies), zero-shot and
/// (se+continue) after the text defaults' continued training on T.
/// </summary>
static class TextBench
{
    public static void Run(string hostName, string runRoot, double size, string extractors, string[] tasks)
    {
        var host = BertLoader.Load(hostName);
        var defaults = Subx.Runs.HostDefaults.For(host);
        var all = BuiltInTasks.Names.Select(n => BuiltInTasks.Load(n)).ToList();
        var scorer = new Scorer(host, defaults.Scorer);
        var trained = new Dictionary<string, double>();
        string PolicyFor(TaskData task, IProgress<Subx.Training.SeProgress> _)
        {
            var sw = Stopwatch.StartNew();
            string dir = Subx.Training.PolicyCache.HeldOut(Path.Combine(runRoot, "policies"), hostName, scorer, task.Name, defaults.Se);
            trained[task.Name] = sw.Elapsed.TotalSeconds;
            return dir;
        }
        var chosen = all.Where(t => tasks.Length == 0 || tasks.Contains(t.Name))
            .Select(t => (t, BuiltInTasks.LoadDefaultDistractors(t.Name))).ToList();
        Console.WriteLine($"Every subnet judged with {defaults.Judge.Repeats} fine-tunes per score; reward ± its standard error over them.\n");
        // One task at a time, printed as it finishes: a long run shows (and keeps) its tables as it goes.
        var done = new List<Subx.Runs.TextBenchTask>();
        foreach (var one in chosen)
        {
            var t = Subx.Runs.TextBench.Run(host, [one], extractors.Split(','), defaults.Extractors, PolicyFor, size, defaults.Scorer, defaults.Judge).Single();
            done.Add(t);
            // Every figure with the reward of each judge repeat, so later runs (same seeds) can pair with these rows.
            Subx.Runs.AtomicFile.WriteAllText(Path.Combine(runRoot, "text-bench.json"), Subx.Runs.TextBench.ToJson(done).ToJsonString());
            Console.WriteLine($"### {t.Task} (T; {t.Rows} rows) against {string.Join(", ", t.Distractors)}: whole-model probe {t.WholeModelProbe:F3}\n");
            if (t.Policy is not null)
                Console.WriteLine($"SE trained on the other built-in tasks ({defaults.Se.Train.Iterations} iterations): {t.Policy} ({trained.GetValueOrDefault(t.Task):F0} s; 0 = cached)\n");
            Console.WriteLine("| extractor | size | score T | % of probe | no subnet | re-init | random units | mean D | reward | extract s |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in t.Extractors)
                Console.WriteLine($"| {r.Extractor} | {r.Size:F3} | {r.ScoreT:F3} | {100 * r.ScoreT / t.WholeModelProbe:F0}% | {r.NoSubnet:F3} | {r.Reinitialized:F3} | {r.RandomUnits:F3} | {r.MeanDistractorScore:F3} | {r.Reward:F3} ± {r.RewardStdError:F3} | {r.ExtractSeconds:F0} |");
            Console.WriteLine();
        }
        Summary(done);
    }

    /// <summary>
    /// The SE rows against the best baseline of each task, when the run has both: T's score against the
    /// probe and the controls, and the reward margin over the best baseline with its paired standard error.
    /// </summary>
    static void Summary(IReadOnlyList<Subx.Runs.TextBenchTask> results)
    {
        var names = results.SelectMany(t => t.Extractors.Select(r => r.Extractor)).Distinct().ToList();
        var ses = names.Where(Subx.Runs.Bench.IsSeRow).ToList();
        var baselines = names.Where(n => !Subx.Runs.Bench.IsSeRow(n)).ToList();
        if (ses.Count == 0 || baselines.Count == 0) return;
        Console.WriteLine("| task | SE | score T (% of probe) | − re-init | − best control | reward | best baseline | its reward | margin ± s.e. | ahead | ahead by > 2 s.e. |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var counts = ses.ToDictionary(s => s, _ => (Ahead: 0, Clear: 0, Probe: 0));
        foreach (var t in results)
            foreach (var se in ses)
            {
                var r = t.Extractors.First(x => x.Extractor == se);
                var m = Subx.Runs.TextBench.MarginOverBest(t, se, baselines);
                var best = t.Extractors.First(x => x.Extractor == m.Best);
                bool ahead = m.Difference >= 0, clear = m.ClearlyAhead;
                double bestControl = Math.Max(r.NoSubnet, Math.Max(r.Reinitialized, r.RandomUnits));
                var c = counts[se];
                counts[se] = (c.Ahead + (ahead ? 1 : 0), c.Clear + (clear ? 1 : 0), c.Probe + (r.ScoreT >= 0.9 * t.WholeModelProbe ? 1 : 0));
                Console.WriteLine($"| {t.Task} | {se} | {r.ScoreT:F3} ({100 * r.ScoreT / t.WholeModelProbe:F0}%) | {Judged.Signed(r.ScoreT - r.Reinitialized)} | {Judged.Signed(r.ScoreT - bestControl)} | " +
                    $"{r.Reward:F3} ± {r.RewardStdError:F3} | {m.Best} | {best.Reward:F3} ± {best.RewardStdError:F3} | {Judged.Signed(m.Difference)} ± {m.StandardError:F3} | {(ahead ? "yes" : "no")} | {(clear ? "yes" : "no")} |");
            }
        Console.WriteLine();
        foreach (var (se, c) in counts)
            Console.WriteLine($"{se}: reward ≥ every baseline on {c.Ahead} of {results.Count}, by more than twice the paired standard error on {c.Clear}; ≥ 90% of probe on {c.Probe}\n");
    }
}

/// <summary>The text scorer's budget: for a few learning rates, a random 5% subnet against its controls (signal = its margin).</summary>
static class TextBudget
{
    public static void Run(string hostName, string taskName, double[] rates, int batch, int steps)
    {
        var host = BertLoader.Load(hostName);
        var task = BuiltInTasks.Load(taskName);
        var subnet = Scorer.RandomOfSize(host.Units, 0.05, 11);
        Console.WriteLine($"| lr | batch | steps | random 5% | no subnet | re-init | random (other draws) | seconds |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (double lr in rates)
        {
            var sw = Stopwatch.StartNew();
            var scorer = new Scorer(host, Subx.Runs.HostDefaults.Text.Scorer with { LearningRate = lr, BatchSize = batch, Steps = steps, Repeats = 3 });
            var c = scorer.ScoreWithControls(subnet, task);
            Console.WriteLine($"| {lr} | {batch} | {steps} | {c.Score:F3} | {c.NoSubnet:F3} | {c.Reinitialized:F3} | {c.RandomUnits:F3} | {sw.Elapsed.TotalSeconds:F0} |");
        }
    }
}

/// <summary>
/// What the gate prior could start from: for each built-in task as T, the untrained SE's ranking with
/// the text defaults' gate prior and each λ of LAMBDAS (`PolicyConfig.GatePriorDistractors`): the
/// units by gate on T less λ times the mean gate on its distractors (on the gates' shared scale), the top SIZE judged
/// as the text bench judges. λ = 0 ranks as the mask baseline does. After each row an HTML comment
/// holds the reward of each judge repeat, to pair with the text bench's (its JSON's rewardRepeats).
/// </summary>
static class TextPrior
{
    public static void Run(string hostName, double size, double[] lambdas, string[] tasks)
    {
        var host = BertLoader.Load(hostName);
        var defaults = Subx.Runs.HostDefaults.For(host);
        var builder = new Subx.Observation.ObservationBuilder(host, defaults.Se.Observation);
        var judge = new Scorer(host, defaults.Judge);
        Judged.Head(judge, "λ", lambdas[0]);
        foreach (var name in BuiltInTasks.Names.Where(n => tasks.Length == 0 || tasks.Contains(n)))
        {
            var task = BuiltInTasks.Load(name);
            var ds = BuiltInTasks.LoadDefaultDistractors(name);
            var obs = builder.Build(task, ds);
            double[]? first = null;
            foreach (var lambda in lambdas)
            {
                var scores = Untrained(builder, defaults.Se.Policy with { GatePriorDistractors = lambda }, obs);
                var repeats = Judged.PairedRow(judge, host.Units, scores, size, task, ds, lambda, ref first);
                // The reward of each judge repeat, for pairing with the text bench's rows (text-bench.json's rewardRepeats).
                Console.WriteLine($"<!-- {name} λ={lambda:G3} rewardRepeats {string.Join(" ", repeats.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))} -->");
            }
        }
    }

    /// <summary>The keep-logits of an untrained SE with these settings: its gate prior, since the perceiver starts at zero.</summary>
    public static double[] Untrained(Subx.Observation.ObservationBuilder builder, Subx.Extractors.Policy.PolicyConfig policy, Subx.Observation.UnitObservation obs)
    {
        using var _ = TorchSharp.torch.no_grad();
        return new Subx.Extractors.Policy.PerceiverPolicy(builder.FeatureCount, policy).Logits(obs).data<float>().Select(v => (double)v).ToArray();
    }
}

/// <summary>
/// How much of a reward difference is the judge's noise: for one built-in task as T (its default
/// distractors), each extractor of EXTRACTORS extracts once as the text bench does (seed 0; `se` is
/// the held-out SE zero-shot, from policies/ or RUN_ROOT/policies; `se+continue` it after the text
/// default's continued training on T), and its subnet is judged with each
/// judge seed of SEEDS (the judge's fine-tunes per score, as the bench; seed 0 is the bench's own
/// judge). A row gives the reward under each seed, the mean over all their fine-tunes, and its margin
/// over the first extractor's, paired fine-tune by fine-tune.
/// </summary>
static class TextRejudge
{
    public static void Run(string hostName, string runRoot, double size, int[] seeds, string taskName, string[] extractors)
    {
        var host = BertLoader.Load(hostName);
        var defaults = Subx.Runs.HostDefaults.For(host);
        var task = BuiltInTasks.Load(taskName);
        var ds = BuiltInTasks.LoadDefaultDistractors(taskName);
        var searcher = new Scorer(host, defaults.Scorer);
        var judge = new Scorer(host, defaults.Judge);
        // `se+continue` in EXTRACTORS adds the bench's row of that name after `se` (the text default's
        // iterations); `se+continue@RATE` adds one continued at that budget learning rate instead of the default's.
        bool IsContinued(string e) => e == Subx.Runs.Bench.ContinueRow || e.StartsWith(Subx.Runs.Bench.ContinueRow + "@");
        if (extractors.Any(IsContinued) && !extractors.Contains("se"))
            throw new ArgumentException($"EXTRACTORS: {Subx.Runs.Bench.ContinueRow} is the row after se; name se too");
        var rates = extractors.Where(e => e.StartsWith(Subx.Runs.Bench.ContinueRow + "@"))
            .Select(e => double.TryParse(e[(Subx.Runs.Bench.ContinueRow.Length + 1)..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double rate) && rate > 0
                ? rate
                : throw new ArgumentException($"EXTRACTORS: expected {Subx.Runs.Bench.ContinueRow}@RATE with a positive step size, found '{e}'")).ToList();
        var options = extractors.Contains(Subx.Runs.Bench.ContinueRow) ? defaults.Extractors : defaults.Extractors with { ContinueIterations = 0 };
        if (extractors.Any(e => ExtractorOf(e) == "se"))
            options = options with { PolicyDir = Subx.Training.PolicyCache.HeldOut(Path.Combine(runRoot, "policies"), hostName, searcher, taskName, defaults.Se) };
        // Bench.CreateExtractors adds the plain se+continue row after se itself; the @RATE rows come last.
        // `NAME#S` is NAME extracted with seed S instead of 0 (its own sampling and search fine-tunes):
        // a stochastic search's rows over several seeds.
        static (string Name, int Seed) Seeded(string e) => e.Split('#') is [var n, var s]
            ? (n, int.TryParse(s, out int seed) && seed >= 0 ? seed : throw new ArgumentException($"EXTRACTORS: expected NAME#SEED with a seed ≥ 0, found '{e}'"))
            : (e, 0);
        // `se*K` is the SE reading gates averaged over K fits (ExtractorOptions.GateFits), so `se*3#1` averages fits 3, 4 and 5;
        // `mask*K` is the mask baseline ranking by the same average of its own fits (a reference for what averaging alone buys).
        static (string Name, int Fits) Fitted(string name) => name.Split('*') is [var n, var k]
            ? (n, int.TryParse(k, out int fits) && fits >= 1 && n is "se" or "mask" ? fits : throw new ArgumentException($"EXTRACTORS: expected se*FITS or mask*FITS with FITS ≥ 1, found '{name}'"))
            : (name, 1);
        IEnumerable<Subx.Extractors.IExtractor> Create(string name, int fits) => name == "mask" && fits > 1
            ? [new AveragedMask(options.Mask, fits)]
            : Subx.Runs.Bench.CreateExtractors([name], options with { GateFits = fits });
        var extractorRows = extractors.Where(e => !IsContinued(e)).Select(Seeded)
            .Select(e => (Row: Fitted(e.Name), e.Seed))
            .SelectMany(e => Create(e.Row.Name, e.Row.Fits)
                .Select(x => (Name: x.Name + (e.Row.Fits > 1 ? $"*{e.Row.Fits}" : "") + (e.Seed > 0 ? $"#{e.Seed}" : ""), Extractor: x, e.Seed)))
            .Concat(rates.Select(rate => (Name: $"{Subx.Runs.Bench.ContinueRow}@{rate.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}",
                Extractor: (Subx.Extractors.IExtractor)new Subx.Extractors.Policy.SeExtractor(
                    options with { ContinueIterations = defaults.Extractors.ContinueIterations, BudgetLearningRate = rate }), Seed: 0)))
            .ToList();
        Console.WriteLine($"T = {taskName} against {string.Join(", ", ds.Select(d => d.Name))}; size {size}; judge seeds {string.Join(", ", seeds)}, {judge.Config.Repeats} fine-tunes per score each\n");
        Console.WriteLine($"| extractor | {string.Join(" | ", seeds.Select(s => $"seed {s}"))} | all {seeds.Length * judge.Config.Repeats} ± s.e. | − {extractorRows[0].Name} ± paired s.e. |");
        Console.WriteLine($"|---|{string.Concat(seeds.Select(_ => "---:|"))}---:|---:|");
        var rows = new List<(string Name, double Reward, IReadOnlyList<double> Repeats)>();
        foreach (var (name, extractor, extractionSeed) in extractorRows)
        {
            var subnet = extractor.Extract(new Subx.Extractors.ExtractionRequest(host, task, ds, size, new Subx.Rewards.RewardConfig(), searcher, extractionSeed)).Subnet;
            var perSeed = seeds.Select(seed => Judged.Reward(judge, subnet, task, ds, seed)).ToList();
            double[] repeats = perSeed.SelectMany(r => r.Repeats).ToArray();
            rows.Add((name, repeats.Average(), repeats));
            var (margin, marginSe) = Spread.PairedDifference(repeats, rows[0].Repeats);
            Console.WriteLine($"| {name} | {string.Join(" | ", perSeed.Select(r => r.Terms.Total.ToString("F3")))} | " +
                $"{repeats.Average():F3} ± {Spread.StandardError(repeats):F3} | {Judged.Signed(margin)} ± {marginSe:F3} |");
        }
        // A search over several extraction seeds: what it earns on average is its expected reward, the
        // best seed's is not (the best of k draws is biased up). Per judge fine-tune, the mean over seeds.
        // When the first row's extractor ran over seeds too, its mean is what the others' are set against.
        static double[] MeanPerFineTune(List<(string Name, double Reward, IReadOnlyList<double> Repeats)> members) =>
            Enumerable.Range(0, members[0].Repeats.Count).Select(k => members.Average(r => r.Repeats[k])).ToArray();
        var families = rows.GroupBy(r => Family(r.Name)).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.ToList());
        string firstFamily = Family(rows[0].Name);
        families.TryGetValue(firstFamily, out var firstMembers);
        var (against, againstName) = firstMembers is null ? (rows[0].Repeats, rows[0].Name) : (MeanPerFineTune(firstMembers), $"{firstFamily}'s mean");
        foreach (var (family, members) in families)
        {
            double[] mean = MeanPerFineTune(members), perSeed = members.Select(r => r.Reward).ToArray();
            Console.Write($"\n{family} over {perSeed.Length} extraction seeds: mean reward {mean.Average():F3} (seeds {perSeed.Min():F3} to {perSeed.Max():F3}, " +
                $"± {Spread.StandardError(perSeed):F3} over seeds)");
            if (family == firstFamily) { Console.WriteLine(); continue; }
            var (margin, marginSe) = Spread.PairedDifference(against, mean);
            Console.Write($"; {againstName} − that mean: {Judged.Signed(margin)} ± {marginSe:F3} paired over the fine-tunes");
            // Both over the same seeds: the difference seed by seed, whose spread holds the subnets' variation as well as the judge's.
            // (The SE fits its gates under the extraction's seed, as the mask does, so se#S and mask#S read one fit.)
            var bySeed = (firstMembers ?? []).Join(members, r => SeedOf(r.Name), r => SeedOf(r.Name), (a, b) => a.Reward - b.Reward).ToArray();
            if (bySeed.Length > 1)
                Console.Write($"; paired seed by seed over {bySeed.Length}: {Judged.Signed(bySeed.Average())} ± {Spread.StandardError(bySeed):F3}");
            Console.WriteLine();
        }
        // A row's name is its extractor's, with #S after it when extracted with seed S > 0.
        static string Family(string name) => name.Split('#')[0];
        // The extractor a row or argument names, without its seed and its fits (`se*3#1`: se).
        static string ExtractorOf(string name) => Family(name).Split('*')[0];
        static int SeedOf(string name) => name.Split('#') is [_, var seed] ? int.Parse(seed) : 0;
        var names = rows.Select(r => r.Name).ToList();
        bool IsSe(string n) => Subx.Runs.Bench.IsSeRow(ExtractorOf(n)) || IsContinued(n);
        var baselines = names.Where(n => !IsSe(n)).ToList();
        if (baselines.Count == 0) return;
        Console.WriteLine();
        foreach (var se in names.Where(IsSe))
        {
            var m = Subx.Runs.RewardMargin.OverBest(taskName, rows, se, baselines);
            Console.WriteLine($"{se} − the best baseline here ({m.Best}), paired over all {rows[0].Repeats.Count} fine-tunes: {Judged.Signed(m.Difference)} ± {m.StandardError:F3}");
        }
    }
}

/// <summary>
/// The mask baseline ranking units by its log α averaged over <paramref name="fits"/> fits, under seeds
/// S·fits … S·fits + fits − 1 for the request's seed S, as the SE's averaged gates are: what averaging
/// alone buys, without the SE.
/// </summary>
sealed class AveragedMask(Subx.Extractors.Baselines.MaskConfig config, int fits) : Subx.Extractors.IExtractor
{
    public string Name => "mask";
    public string Description => $"learned mask, log α averaged over {fits} fits";

    public Subx.Extractors.ExtractionResult Extract(Subx.Extractors.ExtractionRequest request, IProgress<double>? progress = null)
    {
        // The SE's gate fits are the mask's own fit on T (no distractors) at a size penalty: the same
        // builder, with the mask's settings and the request's penalty, averages them as it does for the SE.
        var gates = new Subx.Observation.ObservationConfig { Gates = config, GateSizePenalty = request.Reward.SizePenalty };
        var scores = new Subx.Observation.ObservationBuilder(request.Host, gates, request.Seed, fits).Gates(request.Task);
        return new(scores, Subx.Extractors.Selection.Pick(request, scores));
    }
}

/// <summary>A fixed subnet judged as the text bench judges it: T and every distractor scored in one batch, then the default reward.</summary>
static class Judged
{
    /// <summary>A difference with its sign, three decimals ("+0.012", "-0.003"; "+0.000" for one that rounds to zero).</summary>
    public static string Signed(double value)
    {
        var text = Math.Abs(value).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
        return (value < 0 && text != "0.000" ? "-" : "+") + text;
    }

    /// <summary>
    /// The head of a study whose rows are variants of one ranking, one variable (λ, μ) apart, each
    /// row's reward paired, judge repeat by judge repeat, with the task's first variant (<paramref name="first"/>).
    /// </summary>
    public static void Head(Scorer judge, string variable, double first)
    {
        Console.WriteLine($"Judged with {judge.Config.Repeats} fine-tunes per score; the margin over {variable} = {first:G3} pairs the repeats.\n");
        Console.WriteLine($"| task | {variable} | score T | mean D | reward ± s.e. | − {variable} = {first:G3} ± s.e. |");
        Console.WriteLine("|---|---|---|---|---|---|");
    }

    /// <summary>
    /// Judges the top <paramref name="size"/> of <paramref name="scores"/> on T (judge seed 0, as the
    /// bench), prints its row under <see cref="Head"/> with its margin over <paramref name="first"/>
    /// (set to this row's repeats when null: the task's first variant), and returns its repeats.
    /// </summary>
    public static double[] PairedRow(Scorer judge, UnitSpace units, double[] scores, double size, TaskData task, IReadOnlyList<TaskData> distractors,
        double value, ref double[]? first)
    {
        var (r, repeats) = Reward(judge, Subnet.TopBySize(units, scores, size), task, distractors, 0);
        first ??= repeats;
        var (margin, marginSe) = Spread.PairedDifference(repeats, first);
        Console.WriteLine($"| {task.Name} | {value:G3} | {r.ScoreT:F3} | {r.MeanDistractorScore:F3} | {r.Total:F3} ± {Spread.StandardError(repeats):F3} | {Signed(margin)} ± {marginSe:F3} |");
        return repeats;
    }

    /// <summary>A subnet's reward as the bench judges it, and the reward of each of the judge's repeats.</summary>
    public static (Subx.Rewards.RewardTerms Terms, double[] Repeats) Reward(Scorer judge, Subnet subnet, TaskData task, IReadOnlyList<TaskData> distractors, int seed)
    {
        var r = judge.ScoreRepeats([new ScoreJob(subnet, task, seed), .. distractors.Select(d => new ScoreJob(subnet, d, seed))]);
        var s = r.Select(x => x.Average()).ToArray();
        var config = new Subx.Rewards.RewardConfig();
        return (Subx.Rewards.Reward.Compute(config, s[0], s[1..], subnet), Subx.Runs.Bench.RewardRepeats(config, r[0], r[1..], subnet));
    }
}

/// <summary>
/// Whether attribution would add to the gate prior: for each built-in task as T, the untrained SE's
/// prior (the text defaults: gate(T) − 0.5·mean gate(D)) and the attribution baseline's scores (on T
/// less the distractors), each standardised across the host's units, ranked by
/// z(prior) + μ·z(attribution) for each μ of MUS, the top SIZE judged as the text bench judges.
/// μ = 0 is the prior alone (text-prior's λ = 0.5 row); the margin pairs the judge's repeats with it.
/// </summary>
static class TextMix
{
    public static void Run(string hostName, double size, double[] mus, string[] tasks)
    {
        var host = BertLoader.Load(hostName);
        var defaults = Subx.Runs.HostDefaults.For(host);
        var builder = new Subx.Observation.ObservationBuilder(host, defaults.Se.Observation);
        var searcher = new Scorer(host, defaults.Scorer);
        var judge = new Scorer(host, defaults.Judge);
        var attribution = Subx.Runs.Bench.CreateExtractors(["attribution"], defaults.Extractors).Single();
        Judged.Head(judge, "μ", mus[0]);
        foreach (var name in tasks.Length > 0 ? tasks : BuiltInTasks.Names.ToArray())
        {
            var task = BuiltInTasks.Load(name);
            var ds = BuiltInTasks.LoadDefaultDistractors(name);
            var prior = TextPrior.Untrained(builder, defaults.Se.Policy, builder.Build(task, ds));
            var attr = attribution.Extract(new Subx.Extractors.ExtractionRequest(host, task, ds, size, new Subx.Rewards.RewardConfig(), searcher, 0)).UnitScores;
            double[] zPrior = Standardised(prior), zAttr = Standardised(attr);
            double[]? first = null;
            foreach (var mu in mus)
                Judged.PairedRow(judge, host.Units, zPrior.Select((p, i) => p + mu * zAttr[i]).ToArray(), size, task, ds, mu, ref first);
        }
    }

    private static double[] Standardised(double[] v)
    {
        double mean = v.Average(), sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
        return v.Select(x => sd > 0 ? (x - mean) / sd : 0).ToArray();
    }
}
