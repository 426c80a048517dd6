using Subx.Extractors.Policy;
using Subx.Observation;
using Subx.Scoring;
using Subx.Tests.Assister;
using Subx.Training;

namespace Subx.Tests.Training;

/// <summary>The main job's SE on MiniLM: trained once on real text tasks, then reused; a changed setting trains a new one.</summary>
public class PolicyCacheTests
{
    [Fact]
    public void Trains_on_minilm_once_and_reuses_the_run()
    {
        using var dir = new TempDir();
        var host = TestBerts.MiniLm;
        var scorer = new Scorer(host, new ScorerConfig { Steps = 2, BatchSize = 8, Repeats = 1, MaxValidation = 30, MaxTrain = 60 });
        var a = BertAssisterTests.TinyTextTask();
        var b = Subx.Tasks.BuiltInTasks.Load("stopword_vs_content");
        var pool = new[] { new PoolTask(a), new PoolTask(b) };
        var config = new SeRunConfig(new TrainConfig { Iterations = 2, GroupSize = 2, Distractors = 1, CheckpointEvery = 1 },
            new PolicyConfig { InitialKeepProbability = 0.02 }, new ObservationConfig { MaxRows = 64 });

        string first = PolicyCache.Ensure(dir.Path, "minilm", scorer, pool, pool, config);
        string checkpoint = Path.Combine(first, Checkpoint.FileName);
        Assert.Equal(2, Checkpoint.ReadInfo(first).Iteration);
        var written = File.GetLastWriteTimeUtc(checkpoint);

        Assert.Equal(first, PolicyCache.Ensure(dir.Path, "minilm", scorer, pool, pool, config));
        Assert.Equal(written, File.GetLastWriteTimeUtc(checkpoint)); // reused, not retrained

        string other = PolicyCache.Ensure(dir.Path, "minilm", scorer, pool, pool, config with { Train = config.Train with { Seed = 1 } });
        Assert.NotEqual(first, other);
        Assert.StartsWith(Path.Combine(dir.Path, "minilm-"), other);
    }

    [Fact]
    public void A_finished_run_shipped_with_subx_is_used_as_it_is_and_nothing_is_trained()
    {
        using var cache = new TempDir();
        using var shipped = new TempDir();
        var host = TestBerts.MiniLm;
        var scorer = new Scorer(host, new ScorerConfig { Steps = 2, BatchSize = 8, Repeats = 1, MaxValidation = 30, MaxTrain = 60 });
        var pool = new[] { new PoolTask(BertAssisterTests.TinyTextTask()), new PoolTask(Subx.Tasks.BuiltInTasks.Load("stopword_vs_content")) };
        var config = new SeRunConfig(new TrainConfig { Iterations = 1, GroupSize = 2, Distractors = 1, CheckpointEvery = 1 },
            new PolicyConfig { InitialKeepProbability = 0.02 }, new ObservationConfig { MaxRows = 32 });
        string trained = PolicyCache.Ensure(cache.Path, "minilm", scorer, pool, pool, config, shippedRoot: shipped.Path);
        Assert.Equal(Path.Combine(cache.Path, PolicyCache.RunName("minilm", scorer.Config, [pool[0].Name, pool[1].Name], [pool[0].Name, pool[1].Name], config)), trained);

        // Ship it: the same request now returns the shipped folder, and the cache stays empty.
        string name = Path.GetFileName(trained);
        Directory.Move(trained, Path.Combine(shipped.Path, name));
        Assert.Equal(Path.Combine(shipped.Path, name), PolicyCache.Ensure(cache.Path, "minilm", scorer, pool, pool, config, shippedRoot: shipped.Path));
        Assert.False(Directory.Exists(trained));
    }

    [Fact]
    public void Every_built_in_task_and_a_task_of_ones_own_has_a_shipped_held_out_policy_for_the_current_text_defaults()
    {
        // If a default that shapes the SE changes, these names change and the main job would train
        // again on first run (about 8 minutes): retrain and ship them (policies/README.md). A task
        // that is not built in (a user's file) gets the SE trained on all six.
        var d = Subx.Runs.HostDefaults.Text;
        foreach (var task in Subx.Tasks.BuiltInTasks.Names.Append("a_file_of_ones_own"))
        {
            var pool = PolicyCache.HeldOutPool(task);
            string dir = Path.Combine(PolicyCache.ShippedRoot, PolicyCache.RunName("minilm", d.Scorer, pool, pool, d.Se));
            Assert.True(File.Exists(Path.Combine(dir, Checkpoint.FileName)), $"{task}: no shipped policy {dir}");
            Assert.Equal(d.Se.Train.Iterations, Checkpoint.ReadInfo(dir).Iteration);
        }
    }
}
