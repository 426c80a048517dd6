using System.Text.Json.Nodes;
using Subx.Extractors;
using Subx.Hosts;
using Subx.Rewards;
using Subx.Scoring;
using Subx.Tasks;
using Subx.Training;

namespace Subx.Runs;

/// <summary>
/// One extractor on one real task: its subnet's size, T's score with its controls, the distractors' mean, the reward,
/// and the reward of each of the judge's repeats (<see cref="Evaluation.RewardRepeats"/>).
/// </summary>
public sealed record TextBenchRow(string Extractor, double Size, double ScoreT, double NoSubnet, double Reinitialized, double RandomUnits,
    double MeanDistractorScore, double Reward, double ExtractSeconds, IReadOnlyList<double> RewardRepeats)
{
    /// <summary>The standard error of <see cref="Reward"/> over the judge's repeats.</summary>
    public double RewardStdError => Spread.StandardError(RewardRepeats);

    /// <summary>`se+continue`: which subnet continued training handed over (<see cref="Extractors.Policy.ContinueCheck.Kept"/>); null for other rows.</summary>
    public string? ContinueKept { get; init; }
}

/// <summary>Every extractor on one real task T, with the whole-model probe as the reference and the SE's run folder (null without `se`).</summary>
public sealed record TextBenchTask(string Task, int Rows, IReadOnlyList<string> Distractors, double WholeModelProbe, IReadOnlyList<TextBenchRow> Extractors,
    string? Policy = null);

/// <summary>
/// Every extractor on every task of a host without a truth (a BERT and real text tasks): each task
/// as T against its distractors, every extractor at one size budget, judged by the reward and by T's
/// score against its controls and against a linear probe on the whole model. Extractors that search
/// by reward (rl-unit, the SE's continued training) search with <c>search</c>; every subnet is judged
/// with <c>judge</c> (more repeats: one fine-tune alone is noisy on a few hundred validation rows).
/// The SE's policy is resolved per task (<c>policyFor</c>), so that each T can get an SE that never saw it.
/// </summary>
public static class TextBench
{
    /// <summary>
    /// Runs the bench; tasks and extractors (registry names, <see cref="Bench.CreateExtractors"/>: `se`
    /// with continued training adds the <see cref="Bench.ContinueRow"/>) in the order given.
    /// <paramref name="policyFor"/> gives the SE's run folder for a task as T (it may train one first,
    /// reporting the gates it fits and its iterations); it is asked only when `se` is among the extractors.
    /// </summary>
    public static IReadOnlyList<TextBenchTask> Run(IHost host, IReadOnlyList<(TaskData Task, IReadOnlyList<TaskData> Distractors)> tasks,
        IReadOnlyList<string> extractors, ExtractorOptions options, Func<TaskData, IProgress<SeProgress>, string> policyFor,
        double size, ScorerConfig search, ScorerConfig judge, int seed = 0, IProgress<BenchProgress>? progress = null)
    {
        var searcher = new Scorer(host, search);
        var judger = new Scorer(host, judge);
        int perTask = Bench.CreateExtractors(extractors, options).Count;
        int total = tasks.Count * perTask, done = 0;
        var results = new List<TextBenchTask>();
        foreach (var (task, distractors) in tasks)
        {
            var taskOptions = options;
            if (extractors.Contains("se"))
            {
                var training = new Inline<SeProgress>(p => progress?.Report(new BenchProgress(done, total, task.Name,
                    p.Gates is double g ? $"SE policy: learned gates, {100 * g:F0}%" : $"SE policy: iteration {p.Iteration}/{p.Total}")));
                taskOptions = options with { PolicyDir = policyFor(task, training) };
            }
            progress?.Report(new BenchProgress(done, total, task.Name, "whole-model probe"));
            double probe = WholeModelProbe.Score(host, task);
            var rows = new List<TextBenchRow>();
            foreach (var extractor in Bench.CreateExtractors(extractors, taskOptions))
            {
                progress?.Report(new BenchProgress(done, total, task.Name, extractor.Name));
                var request = new ExtractionRequest(host, task, distractors, size, new RewardConfig(), searcher, seed);
                var e = Bench.Evaluate(extractor, request, withControls: true, judge: judger);
                var c = e.Controls!;
                rows.Add(new TextBenchRow(extractor.Name, e.Extraction.Subnet.Size, e.ScoreT, c.NoSubnet, c.Reinitialized, c.RandomUnits,
                    e.Reward.MeanDistractorScore, e.Reward.Total, e.ExtractSeconds, e.RewardRepeats) { ContinueKept = e.Extraction.ContinueCheck?.Kept });
                progress?.Report(new BenchProgress(++done, total, task.Name, extractor.Name));
            }
            results.Add(new TextBenchTask(task.Name, task.Count, distractors.Select(d => d.Name).ToList(), probe, rows,
                taskOptions.PolicyDir is null ? null : Path.GetFullPath(taskOptions.PolicyDir)));
        }
        return results;
    }

    /// <summary>
    /// <paramref name="extractor"/>'s reward on <paramref name="task"/> less the best of <paramref name="others"/>'
    /// (rows of that task), with the paired standard error of the difference.
    /// </summary>
    public static RewardMargin MarginOverBest(TextBenchTask task, string extractor, IEnumerable<string> others) =>
        RewardMargin.OverBest(task.Task, [.. task.Extractors.Select(r => (r.Extractor, r.Reward, r.RewardRepeats))], extractor, others);

    /// <summary>
    /// The bench as JSON: `{"tasks":[{"task", "rows", "distractors", "wholeModelProbe", "policy", "extractors":[{"name", "size",
    /// "scoreT", "noSubnet", "reinitialized", "randomUnits", "scoreDistractors", "reward", "rewardStdError", "rewardRepeats", "seconds", "continueKept"}]}]}`.
    /// </summary>
    public static JsonObject ToJson(IReadOnlyList<TextBenchTask> results) => new()
    {
        ["tasks"] = new JsonArray(results.Select(t => (JsonNode)new JsonObject
        {
            ["task"] = t.Task,
            ["rows"] = t.Rows,
            ["distractors"] = new JsonArray(t.Distractors.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
            ["wholeModelProbe"] = t.WholeModelProbe,
            ["policy"] = t.Policy,
            ["extractors"] = new JsonArray(t.Extractors.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Extractor,
                ["size"] = r.Size,
                ["scoreT"] = r.ScoreT,
                ["noSubnet"] = r.NoSubnet,
                ["reinitialized"] = r.Reinitialized,
                ["randomUnits"] = r.RandomUnits,
                ["scoreDistractors"] = r.MeanDistractorScore,
                ["reward"] = r.Reward,
                ["rewardStdError"] = r.RewardStdError,
                ["rewardRepeats"] = new JsonArray(r.RewardRepeats.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
                ["continueKept"] = r.ContinueKept,
                ["seconds"] = r.ExtractSeconds,
            }).ToArray()),
        }).ToArray()),
    };
}
