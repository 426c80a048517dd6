using Subx.Extractors;
using Subx.Extractors.Baselines;
using Subx.Hosts;
using Subx.Rewards;
using Subx.Runs;
using Subx.Scoring;
using Subx.Units;

// Studies of the zoo at equal size (docs/BENCHMARKS.md, "Equal size on the zoo: the judge's noise and the headroom").

/// <summary>A fixed subnet as an extractor, so that <see cref="Bench.Evaluate"/> judges it like any extraction.</summary>
sealed class Fixed(Subnet subnet) : IExtractor
{
    public string Name => "fixed";
    public string Description => "a fixed subnet";
    public ExtractionResult Extract(ExtractionRequest request, IProgress<double>? progress = null) => new(new double[subnet.Space.Count], subnet);
}

/// <summary>
/// How much reward is left at equal size above the best baseline: a local search straight on the
/// reward (same-layer swaps, scored with seeds the judge never uses), started from the best
/// baseline's subnet, then judged like the bench. An upper reference for any extractor, not one.
/// </summary>
static class ZooOracle
{
    public static void Run(string zooDir, int searchRepeats, int rounds, string[] only)
    {
        var zoo = Zoo.Load(zooDir);
        var judge = new Scorer(zoo.Host, HostDefaults.Zoo.Judge);
        var search = new Scorer(zoo.Host, new ScorerConfig { Repeats = searchRepeats, Seed = 7919 });
        var reward = new RewardConfig();
        var space = zoo.Host.Units;
        Console.WriteLine($"Local search from the best baseline's subnet at the truth's size: each round tries every same-layer swap of the 4 kept units the baselines rank lowest with the 4 free ones they rank highest, each scored with {searchRepeats} fine-tunes on seeds the judge never uses, and takes the best if it beats the current subnet; then both are judged by the bench's judge ({judge.Config.Repeats} fine-tunes).\n");
        Console.WriteLine($"| task | best baseline | its reward | search: rounds, swaps | searched reward | − best ± paired s.e. | recall / precision before → after |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var task in zoo.Tasks.Where(t => only.Length == 0 || only.Contains(t.Name)))
        {
            var distractors = zoo.Tasks.Where(t => t != task).Select(t => t.Data).ToList();
            var request = new ExtractionRequest(zoo.Host, task.Data, distractors, task.Truth.Size, reward, judge, 0);
            var baselines = new IExtractor[] { new CorrelationExtractor(), new AttributionExtractor(), new MaskExtractor() };
            var judged = baselines.Select(b => (b.Name, E: Bench.Evaluate(b, request, judge: judge))).ToList();
            var best = judged.MaxBy(j => j.E.Reward.Total);
            // Proposals come from the baselines' agreement: the mean of each unit's rank under each.
            var combined = new double[space.Count];
            foreach (var (_, e) in judged)
            {
                var order = Enumerable.Range(0, space.Count).OrderBy(i => e.Extraction.UnitScores[i]).ToArray();
                for (int r = 0; r < order.Length; r++) combined[order[r]] += (double)r / order.Length / judged.Count;
            }
            var current = best.E.Extraction.Subnet;
            double currentReward = SearchReward(search, task.Data, distractors, reward, [current])[0];
            int swaps = 0, round = 0;
            for (; round < rounds; round++)
            {
                var kept = Enumerable.Range(0, space.Count).Where(current.Contains).OrderBy(i => combined[i]).ToList();
                var free = Enumerable.Range(0, space.Count).Where(i => !current.Contains(i)).OrderByDescending(i => combined[i]).ToList();
                var candidates = new List<Subnet>();
                foreach (int layer in space.Units.Select(u => u.Id.Layer).Distinct())
                {
                    var outs = kept.Where(i => space[i].Id.Layer == layer).Take(4).ToList();
                    var ins = free.Where(i => space[i].Id.Layer == layer).Take(4).ToList();
                    foreach (int o in outs) foreach (int n in ins)
                    {
                        var mask = current.Mask.ToArray(); mask[o] = false; mask[n] = true;
                        candidates.Add(new Subnet(space, mask));
                    }
                }
                var rewards = SearchReward(search, task.Data, distractors, reward, candidates);
                int top = Array.IndexOf(rewards, rewards.Max());
                if (rewards[top] <= currentReward) break;
                current = candidates[top]; currentReward = rewards[top]; swaps++;
            }
            var final = Bench.Evaluate(new Fixed(current), request, judge: judge);
            var (diff, se) = Spread.PairedDifference(final.RewardRepeats, best.E.RewardRepeats);
            var before = TruthMetrics.Match(best.E.Extraction.Subnet, task.Truth);
            var after = TruthMetrics.Match(current, task.Truth);
            Console.WriteLine($"| {task.Name} | {best.Name} | {best.E.Reward.Total:F3} | {round}, {swaps} | {final.Reward.Total:F3} | {diff:+0.000;-0.000} ± {se:F3} | {before.Recall:F2} / {before.Precision:F2} → {after.Recall:F2} / {after.Precision:F2} |");
        }
    }

    private static double[] SearchReward(Scorer scorer, Subx.Tasks.TaskData task, IReadOnlyList<Subx.Tasks.TaskData> distractors, RewardConfig reward, IReadOnlyList<Subnet> subnets)
    {
        var tasks = new[] { task }.Concat(distractors).ToArray();
        var s = scorer.Score([.. subnets.SelectMany(n => tasks.Select(t => new ScoreJob(n, t, 0)))]);
        return [.. subnets.Select((n, i) => Reward.Compute(reward, s[i * tasks.Length], s[(i * tasks.Length + 1)..((i + 1) * tasks.Length)], n).Total)];
    }

}

/// <summary>
/// The zoo bench's subnets judged twice: by the three fine-tunes (seed 0) the bench judged with until
/// 2026-12-06, and by a judge of many fine-tunes on other seeds, each margin paired. Tells how much of
/// a margin at three fine-tunes is those three seeds.
/// </summary>
static class ZooRejudge
{
    public static void Run(string zooDir, string policyDir, int repeats, int judgeSeed)
    {
        var zoo = Zoo.Load(zooDir);
        var bench = new Scorer(zoo.Host, new ScorerConfig()); // the zoo's judge until 2026-12-06: the search scorer's three fine-tunes
        var wide = new Scorer(zoo.Host, new ScorerConfig { Repeats = repeats, Seed = judgeSeed });
        var reward = new RewardConfig();
        var extractors = new IExtractor[] { new CorrelationExtractor(), new AttributionExtractor(), new MaskExtractor(),
            new Subx.Extractors.Policy.SeExtractor(new ExtractorOptions { PolicyDir = policyDir }) };
        Console.WriteLine($"| task | extractor | reward, 3 fine-tunes (seed 0) | se − it | reward, {repeats} fine-tunes (scorer seed {judgeSeed}) | se − it |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var task in zoo.Tasks)
        {
            var distractors = zoo.Tasks.Where(t => t != task).Select(t => t.Data).ToList();
            var request = new ExtractionRequest(zoo.Host, task.Data, distractors, task.Truth.Size, reward, bench, 0);
            var rows = extractors.Select(x =>
            {
                var e = Bench.Evaluate(x, request);
                var w = Bench.Evaluate(new Fixed(e.Extraction.Subnet), request, judge: wide);
                return (x.Name, Bench: e, Wide: w);
            }).ToList();
            var se = rows[^1];
            foreach (var r in rows)
            {
                var (d1, s1) = Spread.PairedDifference(se.Bench.RewardRepeats, r.Bench.RewardRepeats);
                var (d2, s2) = Spread.PairedDifference(se.Wide.RewardRepeats, r.Wide.RewardRepeats);
                Console.WriteLine($"| {task.Name} | {r.Name} | {r.Bench.Reward.Total:F3} ± {r.Bench.RewardStdError:F3} | {d1:+0.000;-0.000} ± {s1:F3} | {r.Wide.Reward.Total:F3} ± {r.Wide.RewardStdError:F3} | {d2:+0.000;-0.000} ± {s2:F4} |");
            }
        }
    }
}

/// <summary>Rankings built from the baselines' evidence (gates, attribution, separation), judged at the truth's size with a wide judge.</summary>
static class ZooMix
{
    public static void Run(string zooDir, int repeats, int judgeSeed)
    {
        var zoo = Zoo.Load(zooDir);
        var wide = new Scorer(zoo.Host, new ScorerConfig { Repeats = repeats, Seed = judgeSeed });
        var reward = new RewardConfig();
        var obs = new Subx.Observation.ObservationBuilder(zoo.Host, HostDefaults.Zoo.Se.Observation);
        var attribution = new AttributionExtractor();
        var gate = zoo.Tasks.ToDictionary(t => t.Name, t => obs.Gates(t.Data));
        var attr = zoo.Tasks.ToDictionary(t => t.Name, t => attribution.Attribution(zoo.Host, t.Data, 0));
        var sep = zoo.Tasks.ToDictionary(t => t.Name, t => obs.Stats(t.Data).Separation);
        static double[] Z(double[] v) { double m = v.Average(), s = Math.Sqrt(v.Average(x => (x - m) * (x - m))) + 1e-12; return [.. v.Select(x => (x - m) / s)]; }
        static double[] Lin(double[] a, double wa, double[] b, double wb) => [.. a.Select((x, i) => wa * x + wb * b[i])];
        double[] MeanOf(Dictionary<string, double[]> f, IEnumerable<string> names) { var l = names.Select(n => f[n]).ToList(); return [.. Enumerable.Range(0, l[0].Length).Select(i => l.Average(r => r[i]))]; }
        var names = new[] { "gT (mask)", "gT-.5gD (prior)", "gT-gD", "aT-aD (attribution)", "aT-.5aD", "sT-sD (correlation)", "z(prior)+.5z(attr)", "z(prior)+z(attr)", "z(gT)+z(attr)", "z(prior)+z(attr)+z(corr)" };
        Console.WriteLine($"Rewards at the truth's size, {repeats} fine-tunes a score (scorer seed {judgeSeed}); the best of each row in bold.\n");
        Console.WriteLine("| task | " + string.Join(" | ", names) + " |");
        Console.WriteLine("|---|" + string.Concat(names.Select(_ => "---:|")));
        foreach (var task in zoo.Tasks)
        {
            var others = zoo.Tasks.Where(t => t != task).Select(t => t.Name).ToList();
            var distractors = zoo.Tasks.Where(t => t != task).Select(t => t.Data).ToList();
            var gT = gate[task.Name]; var gD = MeanOf(gate, others);
            var aT = attr[task.Name]; var aD = MeanOf(attr, others);
            var sT = sep[task.Name]; var sD = MeanOf(sep, others);
            var prior = Lin(gT, 1, gD, -0.5); var at = Lin(aT, 1, aD, -1); var co = Lin(sT, 1, sD, -1);
            var rankings = new[]
            {
                gT, prior, Lin(gT, 1, gD, -1), at, Lin(aT, 1, aD, -0.5), co,
                Lin(Z(prior), 1, Z(at), 0.5), Lin(Z(prior), 1, Z(at), 1), Lin(Z(gT), 1, Z(at), 1), Lin(Lin(Z(prior), 1, Z(at), 1), 1, Z(co), 1),
            };
            var subnets = rankings.Select(r => Subnet.TopBySize(zoo.Host.Units, r, task.Truth.Size)).ToList();
            var tasks = new[] { task.Data }.Concat(distractors).ToArray();
            var s = wide.Score([.. subnets.SelectMany(n => tasks.Select(t => new ScoreJob(n, t, 0)))]);
            var r = subnets.Select((n, i) => Reward.Compute(reward, s[i * tasks.Length], s[(i * tasks.Length + 1)..((i + 1) * tasks.Length)], n).Total).ToArray();
            double best = r.Max();
            Console.WriteLine($"| {task.Name} | " + string.Join(" | ", r.Select(v => v == best ? $"**{v:F3}**" : $"{v:F3}")) + " |");
        }
    }
}

/// <summary>Where each extractor's subnet at the truth's size lies: units by layer and by owner (own column, another task's, shared).</summary>
static class ZooParts
{
    public static void Run(string zooDir, string policyDir, string taskName)
    {
        var zoo = Zoo.Load(zooDir);
        var task = zoo.Task(taskName)!;
        var judge = new Scorer(zoo.Host, new ScorerConfig());
        var distractors = zoo.Tasks.Where(t => t != task).Select(t => t.Data).ToList();
        var request = new ExtractionRequest(zoo.Host, task.Data, distractors, task.Truth.Size, new RewardConfig(), judge, 0);
        var space = zoo.Host.Units;
        string Owner(int i) { foreach (var t in zoo.Tasks) if (t.Truth.Contains(i)) return t == task ? "own" : t.Name; return "shared"; }
        foreach (var x in new IExtractor[] { new AttributionExtractor(), new MaskExtractor(), new Subx.Extractors.Policy.SeExtractor(new ExtractorOptions { PolicyDir = policyDir }) })
        {
            var s = x.Extract(request).Subnet;
            var groups = Enumerable.Range(0, space.Count).Where(s.Contains).GroupBy(i => (space[i].Id.Layer, Owner(i))).OrderBy(g => g.Key.Layer).ThenBy(g => g.Key.Item2);
            Console.WriteLine($"{x.Name}: {s.UnitCount} units: " + string.Join(", ", groups.Select(g => $"L{g.Key.Layer} {g.Key.Item2} {g.Count()}")));
        }
    }
}

/// <summary>
/// The SE's continued training on one task at the truth's size, at several step sizes, judged like the
/// bench. A rate written `0.01@linear` anneals linearly over the iterations; otherwise it is constant.
/// </summary>
static class ZooContinue
{
    public static void Run(string zooDir, string policyDir, string taskName, int iterations, string[] rates, double? size = null)
    {
        var zoo = Zoo.Load(zooDir);
        var task = zoo.Task(taskName) ?? throw new ArgumentException($"no task {taskName}");
        var judge = new Scorer(zoo.Host, HostDefaults.Zoo.Judge);
        var distractors = zoo.Tasks.Where(t => t != task).Select(t => t.Data).ToList();
        double budget = size ?? task.Truth.Size;
        var request = new ExtractionRequest(zoo.Host, task.Data, distractors, budget, new RewardConfig(), new Scorer(zoo.Host, HostDefaults.Zoo.Scorer), 0);
        var rows = new List<(string Name, Evaluation E)>
        {
            ("attribution", Bench.Evaluate(new AttributionExtractor(), request, judge: judge)),
            ("mask", Bench.Evaluate(new MaskExtractor(), request, judge: judge)),
            ("se, zero-shot", Bench.Evaluate(new Subx.Extractors.Policy.SeExtractor(new ExtractorOptions { PolicyDir = policyDir }), request, judge: judge)),
        };
        foreach (string spec in rates)
        {
            var parts = spec.Split('@');
            double lr = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            var schedule = parts.Length == 1 ? Subx.Training.LearningRateSchedule.Constant : Schedule(parts[1]);
            var d = HostDefaults.Zoo.Extractors;
            var options = d with { PolicyDir = policyDir, ContinueIterations = iterations, BudgetLearningRate = lr, Train = d.Train with { LearningRateSchedule = schedule } };
            rows.Add(($"se, {iterations} iterations at {lr:G3}{(parts.Length > 1 ? ", " + parts[1] : "")}", Bench.Evaluate(new Subx.Extractors.Policy.SeExtractor(options), request, judge: judge)));
        }
        Console.WriteLine($"{taskName} at {(size is null ? "the truth's size" : "size")} {budget:F3}; continued training samples around it (the truth's size: {task.Truth.Size:F3}); judged with {judge.Config.Repeats} fine-tunes.\n");
        Console.WriteLine("| extractor | reward ± s.e. | − attribution ± paired s.e. | recall / precision | seconds |\n|---|---:|---:|---|---:|");
        foreach (var (name, e) in rows)
        {
            var (d, se) = Spread.PairedDifference(e.RewardRepeats, rows[0].E.RewardRepeats);
            var m = TruthMetrics.Match(e.Extraction.Subnet, task.Truth);
            Console.WriteLine($"| {name} | {e.Reward.Total:F3} ± {e.RewardStdError:F3} | {d:+0.000;-0.000} ± {se:F3} | {m.Recall:F2} / {m.Precision:F2} | {e.ExtractSeconds:F0} |");
        }
    }

    /// <summary>A schedule by its name only: Enum.Parse would also take "7", a schedule that does not exist.</summary>
    private static Subx.Training.LearningRateSchedule Schedule(string name)
    {
        var names = Enum.GetNames<Subx.Training.LearningRateSchedule>();
        string known = names.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"LRS: expected a schedule named {string.Join(", ", names)} after '@', found '{name}'");
        return Enum.Parse<Subx.Training.LearningRateSchedule>(known);
    }
}

/// <summary>
/// What averaging the mask's own fits buys on the zoo: for each seed S of SEEDS, the zoo bench
/// (`subx bench --seed S`: the truth's size, the same judge) of the mask ranking units by its log α
/// averaged over FITS fits (seeds S·FITS …, as `--gate-fits` averages the SE's gates). Prints each
/// task's reward to four decimals, to set beside `subx bench --json` rows of the same seed.
/// </summary>
static class ZooMaskAverage
{
    public static void Run(string zooDir, int fits, int[] seeds)
    {
        var zoo = Zoo.Load(zooDir);
        Console.WriteLine($"| seed | {string.Join(" | ", zoo.Tasks.Select(t => t.Name))} |");
        Console.WriteLine($"|---|{string.Concat(zoo.Tasks.Select(_ => "---:|"))}");
        foreach (int seed in seeds)
        {
            var results = Bench.Run(zoo, [new AveragedMask(new MaskConfig(), fits)], new BenchOptions { Seed = seed });
            Console.WriteLine($"| {seed} | {string.Join(" | ", results.Select(t => t.Extractors[0].Reward.ToString("F4")))} |");
        }
    }
}
