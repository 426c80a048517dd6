using Subx.Extractors.Policy;
using Subx.Observation;
using Subx.Scoring;
using Subx.Training;

namespace Subx.Tests.Training;

public class CheckpointTests
{
    private static readonly ScorerConfig TinyScorer = new() { Steps = 3, Repeats = 1, BatchSize = 32 };

    private static SeRunConfig Tiny(int iterations) => new(
        new TrainConfig { Iterations = iterations, GroupSize = 2, Distractors = 1, CheckpointEvery = 1, Seed = 5 },
        new PolicyConfig { Width = 16, Latents = 4, Heads = 2 },
        new ObservationConfig { MaxRows = 300 });

    private static IReadOnlyList<PoolTask> Pool => TestZoos.Small.Tasks.Select(t => new PoolTask(t.Data, t.Truth)).ToList();

    private static float[] Flat(PerceiverPolicy p) => p.Parameters.SelectMany(x => x.Value.detach().data<float>().ToArray()).ToArray();

    [Fact]
    public void SaveThenLoadGivesTheSamePolicy()
    {
        using var dir = new TempDir();
        var scorer = new Scorer(TestZoos.Small.Host, TinyScorer);
        var (policy, state) = SeRun.Train(scorer, Pool, Pool, Tiny(2), dir.Path, resume: false);
        var (loaded, info) = Checkpoint.LoadPolicy(dir.Path);
        Assert.Equal(2, info.Iteration);
        Assert.Equal(Flat(policy), Flat(loaded));
        Assert.Equal(2, File.ReadAllLines(dir.File(Subx.Runs.MetricsLog.JsonlFile)).Length);
        Assert.NotEmpty(state.Archive);
    }

    [Fact]
    public void AnInterruptedRunResumedEndsWithTheSamePolicyAsAnUninterruptedOne()
    {
        using var straight = new TempDir();
        using var interrupted = new TempDir();
        var scorer = new Scorer(TestZoos.Small.Host, TinyScorer);
        var (whole, wholeState) = SeRun.Train(scorer, Pool, Pool, Tiny(4), straight.Path, resume: false);
        // "Killed" after iteration 2: only its checkpoint survives; a fresh process resumes from it.
        SeRun.Train(scorer, Pool, Pool, Tiny(2), interrupted.Path, resume: false);
        var (resumed, resumedState) = SeRun.Train(new Scorer(TestZoos.Small.Host, TinyScorer), Pool, Pool, Tiny(4), interrupted.Path, resume: true);
        Assert.Equal(Flat(whole), Flat(resumed));
        Assert.Equal(wholeState.Archive.Keys.Order(), resumedState.Archive.Keys.Order());
        // Every logged number but the wall-clock time each row was written at.
        static string[] Logged(TempDir run) => [.. File.ReadAllLines(run.File(Subx.Runs.MetricsLog.JsonlFile)).Select(line =>
        {
            var row = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            Assert.True(row.Remove("time"), $"a metrics row without its time: {line}");
            return row.ToJsonString();
        })];
        Assert.Equal(Logged(straight), Logged(interrupted));
    }

    [Fact]
    public void AnSeThatReadsGatesKeepsItsGateSettingsAndExtractsFromTheCheckpoint()
    {
        using var dir = new TempDir();
        var gates = new Subx.Extractors.Baselines.MaskConfig { Steps = 10, BatchSize = 32, MaxRows = 200 };
        var config = Tiny(1) with { Observation = new ObservationConfig { MaxRows = 300, Gates = gates } };
        var scorer = new Scorer(TestZoos.Small.Host, TinyScorer);
        var (policy, _) = SeRun.Train(scorer, Pool, Pool, config, dir.Path, resume: false);
        var (loaded, info) = Checkpoint.LoadPolicy(dir.Path);
        Assert.Equal(config.Observation, info.Observation);
        Assert.Equal(new ObservationBuilder(TestZoos.Small.Host, config.Observation).FeatureCount, loaded.FeatureCount);
        Assert.Equal(Flat(policy), Flat(loaded));
        var zoo = TestZoos.Small;
        var request = new Subx.Extractors.ExtractionRequest(zoo.Host, zoo.Tasks[0].Data, [zoo.Tasks[1].Data], 0.1, new Subx.Rewards.RewardConfig(), scorer, 0);
        var result = new SeExtractor(new Subx.Extractors.ExtractorOptions { PolicyDir = dir.Path }).Extract(request);
        Assert.InRange(result.Subnet.Size, 0.05, 0.1);

        // On a task whose gates are not fitted yet (a new task object), they fill the first half of the
        // extraction's progress and continued training the second, so the bar moves from the start.
        var source = zoo.Tasks[2].Data;
        var fresh = Subx.Tasks.TaskData.FromFeatures("fresh", source.Features!, [.. source.Labels.Select(l => source.Classes[l])], new Subx.Tasks.SplitConfig());
        var reports = new List<double>();
        new SeExtractor(new Subx.Extractors.ExtractorOptions { PolicyDir = dir.Path, ContinueIterations = 2 })
            .Extract(request with { Task = fresh }, new Subx.Runs.Inline<double>(reports.Add));
        // The one new gate fit from 0 to the half, then continued training's two iterations and its check,
        // in proportion to their fine-tunes: 2 iterations × 8 samples × (T + 1 distractor) = 32 against
        // 2 subnets × 4 seeds × 2 tasks = 16.
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(0, reports[0]);
        Assert.Contains(0.5, reports);
        var after = reports.Where(f => f > 0.5).ToList();
        Assert.Equal(0.5 + 0.5 * 32 / 48 / 2, after[0], 9);
        Assert.Equal(0.5 + 0.5 * 32 / 48, after[1], 9);
        Assert.Equal(1.0, after[^1], 9);
    }

    [Fact]
    public void TrainingReportsTheGatesItFitsBeforeItsFirstIteration()
    {
        using var dir = new TempDir();
        var gates = new Subx.Extractors.Baselines.MaskConfig { Steps = 10, BatchSize = 32, MaxRows = 200 };
        var config = Tiny(2) with { Observation = new ObservationConfig { MaxRows = 300, Gates = gates } };
        // New task objects, so that no other test has fitted their gates in this process; two to train
        // on, and a distractor pool with one task more.
        var fresh = TestZoos.Small.Tasks.Take(3).Select(t => new PoolTask(Subx.Tasks.TaskData.FromFeatures(
            t.Name, t.Data.Features!, [.. t.Data.Labels.Select(l => t.Data.Classes[l])], new Subx.Tasks.SplitConfig()), t.Truth)).ToList();
        var pool = fresh.Take(2).ToList();
        var reports = new List<SeProgress>();
        SeRun.Train(new Scorer(TestZoos.Small.Host, TinyScorer), pool, fresh, config, dir.Path, resume: false, new Subx.Runs.Inline<SeProgress>(reports.Add));

        // Every task of both pools has its gates before the first iteration, reported as they are fitted.
        Assert.Equal(0, new ObservationBuilder(TestZoos.Small.Host, config.Observation).GatesToFit(fresh.Select(t => t.Data)));
        var fitting = reports.TakeWhile(p => p.Gates is not null).ToList();
        Assert.All(fitting, p => Assert.Equal((0, 2), (p.Iteration, p.Total)));
        var shares = fitting.Select(p => p.Gates!.Value).ToList();
        Assert.Equal(shares.Order(), shares);
        foreach (double boundary in new[] { 1 / 3.0, 2 / 3.0, 1.0 }) // each of the three fits ends
            Assert.Contains(shares, v => Math.Abs(v - boundary) < 1e-9);
        var iterations = reports.Skip(fitting.Count).ToList();
        Assert.Equal([1, 2], iterations.Select(p => p.Iteration));
        Assert.All(iterations, p => Assert.True(p.Gates is null && p.AfterGates && double.IsFinite(p.Reward)));
    }

    [Fact]
    public void TheShareOfARunDoneGivesTheGatesTheirPartOnlyWhenThereWereAny()
    {
        Assert.Equal(0.1, SeProgress.FittingGates(0, 10, 0.5).Done(gateShare: 0.2), 12);
        Assert.Equal(0.6, new SeProgress(5, 10, 0.3, AfterGates: true).Done(gateShare: 0.2), 12);
        Assert.Equal(0.5, new SeProgress(5, 10, 0.3).Done(gateShare: 0.2), 12);
        Assert.Equal(1.0, new SeProgress(10, 10, 0.3, AfterGates: true).Done(gateShare: 0.2), 12);
        // Resumed at iteration 6 of 10: the gates, then the bar goes on from where the run stopped.
        Assert.Equal(0.2, SeProgress.FittingGates(6, 10, 1).Done(gateShare: 0.2), 12);
        Assert.Equal(0.2 + 0.8 * 0.7, new SeProgress(7, 10, 0.3, AfterGates: true).Done(gateShare: 0.2), 12);
    }

    [Fact]
    public void AMissingCheckpointIsAClearError()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<SubxException>(() => Checkpoint.LoadPolicy(dir.Path));
        Assert.Equal($"{dir.File(Checkpoint.FileName)}: file not found (expected a trained SE run folder with {Checkpoint.FileName}; run `subx train` first).", e.Message);
    }
}
