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
}
