using System.Text.Json.Nodes;
using Subx.Hosts;
using Subx.Runs;

/// <summary>
/// The zoo SE over several training seeds, from the run folders `bench/se-seeds.sh` leaves: for each
/// seed S, ROOT/S/holdout (`subx train --holdout … --seed S`) is extracted zero-shot again and judged
/// against the truth, and ROOT/S/bench.json (`subx bench --policy ROOT/S/all`, an SE of that seed
/// trained on every task) gives the SE's margin at equal size over the best baseline, paired over
/// the judge's repeats. One row per seed, then the medians: a single seed's figures are one draw.
/// </summary>
static class SeSeeds
{
    public static void Run(string zooDir, string root, string[] holdout, int[] seeds)
    {
        var zoo = Zoo.Load(zooDir);
        var tasks = zoo.Tasks.Select(t => t.Name).ToList();
        var trained = tasks.Where(t => !holdout.Contains(t)).ToList();
        var zeroShot = new List<IReadOnlyList<ZeroShotRow>>();
        var margins = new Dictionary<string, List<IReadOnlyList<RewardMargin>>>();
        foreach (int s in seeds)
        {
            string dir = Path.Combine(root, s.ToString());
            zeroShot.Add(Bench.ZeroShot(zoo, Path.Combine(dir, "holdout"), holdout));
            foreach (var (row, m) in Margins(Path.Combine(dir, "bench.json"), tasks))
            {
                if (!margins.TryGetValue(row, out var list)) margins[row] = list = [];
                list.Add(m);
            }
        }

        Console.WriteLine("Zero-shot at the SE's own threshold (p > 0.5), trained on " + string.Join(", ", trained) + ":\n");
        Console.Write("| seed |");
        foreach (var h in holdout) Console.Write($" {h} (held out) AUC | F1 | size |");
        Console.WriteLine(" trained tasks: F1 min–max |");
        Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---:|", 3 * holdout.Length + 1)));
        string HeldCells(Func<string, Func<ZeroShotRow, double>, string> cell) =>
            string.Concat(holdout.Select(h => $" {cell(h, r => r.Auc)} | {cell(h, r => r.F1)} | {cell(h, r => r.Size)} |"));
        for (int i = 0; i < seeds.Length; i++)
        {
            var rows = zeroShot[i];
            var f1 = rows.Where(r => !r.HeldOut).Select(r => r.F1).ToList();
            Console.WriteLine($"| {seeds[i]} |" + HeldCells((h, f) => f(rows.Single(r => r.Task == h)).ToString("F3")) + $" {f1.Min():F3}–{f1.Max():F3} |");
        }
        Console.WriteLine("| **median** |" + HeldCells((h, f) => $"**{Stats.Median(zeroShot.Select(rows => f(rows.Single(r => r.Task == h)))):F3}**") +
                          $" {Stats.Median(zeroShot.Select(rows => rows.Where(r => !r.HeldOut).Min(r => r.F1))):F3}–{Stats.Median(zeroShot.Select(rows => rows.Where(r => !r.HeldOut).Max(r => r.F1))):F3} |");

        foreach (var (row, byseed) in margins)
        {
            if (byseed.Count != seeds.Length) throw new InvalidDataException($"{root}: the row {row} is in {byseed.Count} of the {seeds.Length} seeds' benches");
            string what = row == "se" ? "the SE (zero-shot)" : $"{row} (the SE after continued training on T)";
            Console.WriteLine($"\nAt the truth's size, trained on every task: {what}'s reward less the best baseline's, ± the paired standard error over the judge's fine-tunes (the best baseline in brackets):\n");
            Console.WriteLine("| seed | " + string.Join(" | ", tasks) + " | ≥ every baseline | clearly behind (by > 2 s.e.) |");
            Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---:|", tasks.Count + 2)));
            for (int i = 0; i < seeds.Length; i++)
                Console.WriteLine($"| {seeds[i]} | " + string.Join(" | ", byseed[i].Select(m => $"{Margin(m.Difference)} ± {m.StandardError:F3} ({m.Best})")) +
                                  $" | {byseed[i].Count(m => m.Difference >= 0)} of {tasks.Count} | {byseed[i].Count(m => m.ClearlyBehind)} of {tasks.Count} |");
            Console.WriteLine("| **median** | " + string.Join(" | ", tasks.Select((_, k) => $"**{Margin(Stats.Median(byseed.Select(m => m[k].Difference)))}**")) +
                              $" | {Stats.Median(byseed.Select(m => (double)m.Count(x => x.Difference >= 0)))} of {tasks.Count} | {Stats.Median(byseed.Select(m => (double)m.Count(x => x.ClearlyBehind)))} of {tasks.Count} |");
            Console.WriteLine($"\nSeeds ahead or level, per task: " + string.Join(", ", tasks.Select((t, k) => $"{t} {byseed.Count(m => m[k].Difference >= 0)} of {seeds.Length}")) +
                              "; clearly behind: " + string.Join(", ", tasks.Select((t, k) => $"{t} {byseed.Count(m => m[k].ClearlyBehind)}")) + ".");
        }
    }

    /// <summary>
    /// A margin with its sign, three decimals. A margin below zero keeps its minus sign even when it
    /// rounds to 0.000, since it counts as behind ("-0.000": behind by less than 0.0005).
    /// </summary>
    static string Margin(double value) => (value < 0 ? "-" : "+") + Math.Abs(value).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Each SE row's (`se`, and `se+continue` when benched) margin over the best baseline on each task
    /// of a `subx bench --json` file; neither SE row counts as a baseline.
    /// </summary>
    static IEnumerable<(string Row, IReadOnlyList<RewardMargin> Margins)> Margins(string benchJson, IReadOnlyList<string> tasks)
    {
        var root = JsonNode.Parse(File.ReadAllText(benchJson)) ?? throw new InvalidDataException($"{benchJson}: empty");
        var byTask = root["tasks"]!.AsArray().ToDictionary(t => (string)t!["task"]!, t => t!);
        var perTask = tasks.Select(name =>
        {
            if (!byTask.TryGetValue(name, out var t)) throw new InvalidDataException($"{benchJson}: expected a row for task {name}, found none");
            return (name, Rows: t["extractors"]!.AsArray().Select(e => ((string)e!["name"]!, (double)e["reward"]!,
                (IReadOnlyList<double>)e["rewardRepeats"]!.AsArray().Select(v => (double)v!).ToList())).ToList());
        }).ToList();
        var seRows = new[] { "se", Bench.ContinueRow }.Where(r => perTask[0].Rows.Any(x => x.Item1 == r)).ToList();
        foreach (var se in seRows)
            yield return (se, perTask.Select(t => RewardMargin.OverBest(t.name, t.Rows, se, t.Rows.Select(r => r.Item1).Where(n => !seRows.Contains(n)))).ToList());
    }
}
