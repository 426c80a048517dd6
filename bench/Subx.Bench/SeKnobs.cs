using System.Text.Json;
using Subx.Extractors;
using Subx.Extractors.Policy;
using Subx.Hosts;
using Subx.Rewards;
using Subx.Runs;
using Subx.Scoring;
using Subx.Training;
using Subx.Units;

/// <summary>Two of the proposal's knobs, measured on a zoo: raising b during training, and the diversity term c.</summary>
static class SeKnobs
{
    /// <summary>Train with b rising linearly; report size and T's score per window of iterations.</summary>
    public static void Schedule(string zooDir, string runRoot, int iterations, double finalB, int rampStart)
    {
        var zoo = Zoo.Load(zooDir);
        var pool = zoo.Tasks.Select(t => new PoolTask(t.Data, t.Truth)).ToList();
        string run = Path.Combine(runRoot, "se-schedule");
        if (Directory.Exists(run)) Directory.Delete(run, true);
        var cfg = HostDefaults.Zoo.Se with { Train = HostDefaults.Zoo.Se.Train with { Iterations = iterations, Schedule = SizePenaltySchedule.Linear, FinalSizePenalty = finalB, ScheduleStart = rampStart } };
        SeRun.Train(new Scorer(zoo.Host, new ScorerConfig()), pool, pool, cfg, run, resume: false);
        var rows = File.ReadAllLines(Path.Combine(run, Subx.Runs.MetricsLog.JsonlFile)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        double truthSize = zoo.Tasks.Average(t => t.Truth.Size);
        Console.WriteLine($"b stays at {cfg.Train.Reward.SizePenalty} for {rampStart} iterations, then rises linearly to {finalB} at iteration {iterations}, on all {pool.Count} tasks; the truth's size is {truthSize:F3}.\n");
        Console.WriteLine("| iterations | b (mean) | subnet size (mean of samples) | score on T (mean) | truth F1 (policy, p > 0.5) |\n|---|---:|---:|---:|---:|");
        int window = Math.Max(1, iterations / 6);
        for (int start = 0; start < rows.Count; start += window)
        {
            var w = rows.Skip(start).Take(window).ToList();
            double M(string k) => w.Average(r => r.GetProperty(k).GetDouble());
            Console.WriteLine($"| {start + 1}–{start + w.Count} | {M(Metric.SizePenalty):F2} | {M(Metric.Size):F3} | {M(Metric.ScoreT):F2} | {M(Metric.TruthF1):F2} |");
        }
    }

    /// <summary>Train with c = 0 and with c &gt; 0; report how much the subnets extracted for different tasks share.</summary>
    public static void Diversity(string zooDir, string runRoot, int iterations, double c)
    {
        var zoo = Zoo.Load(zooDir);
        var scorer = new Scorer(zoo.Host, new ScorerConfig());
        var pool = zoo.Tasks.Select(t => new PoolTask(t.Data, t.Truth)).ToList();
        Console.WriteLine($"| overlap penalty c | mean pairwise Jaccard of the tasks' subnets | largest pair | mean size | mean score on T |\n|---:|---:|---:|---:|---:|");
        foreach (double penalty in new[] { 0.0, c })
        {
            string run = Path.Combine(runRoot, $"se-diversity-c{penalty}");
            if (Directory.Exists(run)) Directory.Delete(run, true);
            var reward = new RewardConfig { OverlapPenalty = penalty };
            var cfg = HostDefaults.Zoo.Se with { Train = HostDefaults.Zoo.Se.Train with { Iterations = iterations, Reward = reward } };
            SeRun.Train(scorer, pool, pool, cfg, run, resume: false);
            var se = new SeExtractor(new ExtractorOptions { PolicyDir = run });
            var subnets = new List<Subnet>();
            var scores = new List<double>();
            foreach (var t in zoo.Tasks)
            {
                var request = new ExtractionRequest(zoo.Host, t.Data, zoo.Tasks.Where(u => u != t).Select(u => u.Data).ToList(), null, reward, scorer, 0);
                var s = se.Extract(request).Subnet;
                subnets.Add(s);
                scores.Add(scorer.Score(new ScoreJob(s, t.Data)));
            }
            var pairs = subnets.SelectMany((a, i) => subnets.Skip(i + 1).Select(b => a.Jaccard(b))).ToList();
            Console.WriteLine($"| {penalty:F1} | {pairs.Average():F3} | {pairs.Max():F3} | {subnets.Average(s => s.Size):F3} | {scores.Average():F2} |");
        }
        Console.WriteLine($"\n{iterations} iterations each on all {pool.Count} tasks; subnets at the SE's own threshold; the truth's columns overlap in 0 units.");
    }
}
