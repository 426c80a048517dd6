using System.Text.Json.Nodes;
using Subx.Extractors;
using Subx.Extractors.Policy;
using Subx.Observation;
using Subx.Runs;
using Subx.Scoring;
using Subx.Tasks;
using Subx.Tests.Assister;
using Subx.Training;

namespace Subx.Tests.Runs;

/// <summary>
/// The text bench's SE: for each T a policy that never saw T (trained on the other built-in tasks),
/// zero-shot and continued on T, beside the baselines, on the real MiniLM (tiny budgets).
/// </summary>
public class TextBenchTests
{
    private static readonly ScorerConfig Tiny = new() { Steps = 2, BatchSize = 8, Repeats = 1, MaxValidation = 30, MaxTrain = 60 };

    private static SeRunConfig TinySe => new(new TrainConfig { Iterations = 1, GroupSize = 2, Distractors = 1, CheckpointEvery = 1 },
        new PolicyConfig { InitialKeepProbability = 0.02 }, new ObservationConfig { MaxRows = 32 });

    [Fact]
    public void A_held_out_policy_is_trained_on_every_built_in_task_but_the_target()
    {
        using var dir = new TempDir();
        string run = PolicyCache.HeldOut(dir.Path, "minilm", new Scorer(TestBerts.MiniLm, Tiny), "afinn_sign", TinySe);
        var tasks = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!["tasks"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Equal(BuiltInTasks.Names.Where(n => n != "afinn_sign"), tasks);
        Assert.Equal(run, PolicyCache.HeldOut(dir.Path, "minilm", new Scorer(TestBerts.MiniLm, Tiny), "afinn_sign", TinySe)); // cached
    }

    [Fact]
    public void Each_task_gets_its_own_policy_and_the_se_rows_come_zero_shot_and_continued()
    {
        using var dir = new TempDir();
        var host = TestBerts.MiniLm;
        var a = BertAssisterTests.TinyTextTask();
        var b = BuiltInTasks.Load("stopword_vs_content");
        var pool = new[] { new PoolTask(a), new PoolTask(b) };
        string policy = PolicyCache.Ensure(dir.Path, "minilm", new Scorer(host, Tiny), pool, pool, TinySe);
        var asked = new List<string>();
        string PolicyFor(TaskData t, IProgress<SeProgress> _) { asked.Add(t.Name); return policy; }
        var options = new ExtractorOptions { ContinueIterations = 1, Train = TinySe.Train, MaxRows = 32 };

        var results = TextBench.Run(host, [(b, [a]), (a, [b])], ["random", "se"], options, PolicyFor, 0.02, Tiny, Tiny);

        Assert.Equal([b.Name, a.Name], asked);
        Assert.All(results, t =>
        {
            Assert.Equal(["random", "se", Bench.ContinueRow], t.Extractors.Select(r => r.Extractor));
            Assert.Equal(Path.GetFullPath(policy), t.Policy);
            Assert.All(t.Extractors, r => Assert.InRange(r.Size, 0.01, 0.02));
            Assert.InRange(t.WholeModelProbe, -1, 1);
        });
        var json = TextBench.ToJson(results);
        Assert.Equal(Path.GetFullPath(policy), json["tasks"]![0]!["policy"]!.GetValue<string>());
        // Only the se+continue row says which subnet its continued training handed over.
        var rows = json["tasks"]![0]!["extractors"]!.AsArray();
        Assert.Null(rows[0]!["continueKept"]);
        Assert.Null(rows[1]!["continueKept"]);
        Assert.Contains(rows[2]!["continueKept"]!.GetValue<string>(), new[] { "continued", "zero-shot", "same subnet" });
    }

    [Fact]
    public void The_margin_over_the_best_baseline_pairs_the_judge_repeats()
    {
        static TextBenchRow Row(string name, params double[] repeats) =>
            new(name, 0.05, 0.5, 0.3, 0.3, 0.3, 0.2, repeats.Average(), 1, repeats);
        var task = new TextBenchTask("t", 100, ["d"], 0.6,
            [Row("mask", 0.40, 0.60, 0.20), Row("random", 0.10, 0.10, 0.10), Row("se", 0.42, 0.61, 0.25)]);

        var m = TextBench.MarginOverBest(task, "se", ["random", "mask"]);
        Assert.Equal("mask", m.Best);
        Assert.Equal(0.08 / 3, m.Difference, 12);
        Assert.Equal(Spread.StandardError([0.02, 0.01, 0.05]), m.StandardError, 12);
        Assert.True(m.StandardError < task.Extractors[0].RewardStdError / 5, "pairing should cancel the noise both rows share");
        Assert.Throws<ArgumentException>(() => TextBench.MarginOverBest(task, "se", ["attribution"]));

        var json = TextBench.ToJson([task])["tasks"]![0]!["extractors"]![2]!;
        Assert.Equal(task.Extractors[2].RewardStdError, json["rewardStdError"]!.GetValue<double>(), 12);
        Assert.Equal([0.42, 0.61, 0.25], json["rewardRepeats"]!.AsArray().Select(v => v!.GetValue<double>()));
    }

    [Fact]
    public void Without_se_no_policy_is_asked_for()
    {
        var host = TestBerts.MiniLm;
        var b = BuiltInTasks.Load("stopword_vs_content");
        var results = TextBench.Run(host, [(b, [BertAssisterTests.TinyTextTask()])], ["random"], new ExtractorOptions { ContinueIterations = 3 },
            (_, _) => throw new InvalidOperationException("asked for a policy"), 0.02, Tiny, Tiny);
        Assert.Null(results.Single().Policy);
        Assert.Equal(["random"], results.Single().Extractors.Select(r => r.Extractor));
    }
}
