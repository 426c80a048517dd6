using System.Diagnostics;
using Subx.Extractors;
using Subx.Extractors.Baselines;
using Subx.Extractors.Policy;
using Subx.Hosts;
using Subx.Rewards;
using Subx.Runs;
using Subx.Scoring;
using Subx.Training;
using Subx.Units;

/// <summary>
/// The SE's held-out study on a zoo: train on the first tasks, extract the held-out ones zero-shot,
/// continue training on them, and compare with `rl-unit` given the same fine-tuning budget.
/// </summary>
static class SeStudy
{
    public static void Run(string zooDir, string runRoot, int trainIterations, int perTaskIterations, int heldOut)
    {
        var zoo = Zoo.Load(zooDir);
        var scorer = new Scorer(zoo.Host, new ScorerConfig());
        var all = zoo.Tasks.Select(t => new PoolTask(t.Data, t.Truth)).ToList();
        var train = all.Take(all.Count - heldOut).ToList();
        var held = all.Skip(all.Count - heldOut).ToList();
        string run = Path.Combine(runRoot, "se-train"), cont = Path.Combine(runRoot, "se-continued");
        foreach (var d in new[] { run, cont }) if (Directory.Exists(d)) Directory.Delete(d, true);

        var sw = Stopwatch.StartNew();
        var cfg = HostDefaults.Zoo.Se with { Train = HostDefaults.Zoo.Se.Train with { Iterations = trainIterations } };
        SeRun.Train(scorer, train, train, cfg, run, resume: false);
        double trainSeconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"SE trained on {string.Join(", ", train.Select(t => t.Name))} for {trainIterations} iterations ({cfg.Train.GroupSize} subnets × {1 + cfg.Train.Distractors} tasks × {scorer.Config.Repeats} repeats of fine-tunes each) in {trainSeconds:F0} s.\n");

        // Continued training on the held-out tasks: the same command with a new task list (resume).
        CopyDir(run, cont);
        sw.Restart();
        // As `subx train --resume` with new --tasks: at the constant rate.
        SeRun.Train(scorer, held, all, cfg with { Train = cfg.Train with { Iterations = trainIterations + perTaskIterations * held.Count, LearningRateSchedule = LearningRateSchedule.Constant } }, cont, resume: true);
        double contSeconds = sw.Elapsed.TotalSeconds;

        Console.WriteLine($"| task | held out | SE zero-shot AUC | F1 | size | reward | SE continued ({perTaskIterations} it/task) AUC | F1 | reward | rl-unit ({perTaskIterations} it) AUC | F1 | reward |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in all)
        {
            bool isHeld = held.Contains(t);
            var distractors = all.Where(u => u != t).Select(u => u.Data).ToList();
            var request = new ExtractionRequest(zoo.Host, t.Data, distractors, null, new RewardConfig(), scorer, 0);
            var zero = Judge(new SeExtractor(new ExtractorOptions { PolicyDir = run }), request, t.Truth!);
            string row = $"| {t.Name} | {(isHeld ? "yes" : "")} | {zero.Auc:F3} | {zero.F1:F2} | {zero.Size:F3} | {zero.Reward:F3} |";
            if (isHeld)
            {
                var c = Judge(new SeExtractor(new ExtractorOptions { PolicyDir = cont }), request, t.Truth!);
                var r = Judge(new RlUnitExtractor(new ExtractorOptions { RlUnitIterations = perTaskIterations }), request, t.Truth!);
                row += $" {c.Auc:F3} | {c.F1:F2} | {c.Reward:F3} | {r.Auc:F3} | {r.F1:F2} | {r.Reward:F3} |";
            }
            else row += " | | | | | |";
            Console.WriteLine(row);
        }
        Console.WriteLine($"\nContinued training: {perTaskIterations * held.Count} iterations on {string.Join(", ", held.Select(t => t.Name))} in {contSeconds:F0} s. " +
                          "Subnets at each extractor's own threshold (keep probability > 0.5); rewards with a = 1, b = 0.5, scored with every other task as a distractor.");
    }

    private static (double Auc, double F1, double Size, double Reward) Judge(IExtractor extractor, ExtractionRequest request, Subnet truth)
    {
        var e = Bench.Evaluate(extractor, request, withControls: false);
        return (TruthMetrics.RocAuc(e.Extraction.UnitScores, truth), TruthMetrics.Match(e.Extraction.Subnet, truth).F1, e.Extraction.Subnet.Size, e.Reward.Total);
    }

    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)), true);
    }
}
