using Subx.Extractors;
using Subx.Extractors.Baselines;
using Subx.Extractors.Policy;
using Subx.Observation;
using Subx.Rewards;
using Subx.Scoring;
using Subx.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Subx.Tests.Engine;

/// <summary>
/// A tensor no dispose scope holds is freed by its finalizer, which may run while libtorch still reads
/// it when it is a temporary (docs/ARCHITECTURE.md, "Nothing is left to the finalizer"). These tests hold Subx to
/// two rules: what a policy keeps is made in a scope and detached from it, so constructing one leaves
/// nothing outside a scope; and a long run leaves nothing behind per iteration in the scope it runs
/// under (the CLI's whole-command scope), so a run of any length holds what a short one holds.
/// </summary>
public class TensorScopeTests
{
    private static readonly ScorerConfig TinyScorer = new() { Steps = 3, Repeats = 1, BatchSize = 32 };

    private static SeRunConfig Tiny(int iterations) => new(
        new TrainConfig { Iterations = iterations, GroupSize = 2, Distractors = 1, CheckpointEvery = 1, Seed = 5 },
        new PolicyConfig { Width = 16, Latents = 4, Heads = 2, GatePrior = 1, GatePriorDistractors = 0.5 },
        new ObservationConfig { MaxRows = 300, Gates = new MaskConfig { Steps = 20 } });

    /// <summary>Tensors <paramref name="work"/> makes outside every dispose scope, on this thread.</summary>
    private static long MadeOutsideScopes(Action work)
    {
        long before = DisposeScopeManager.Statistics.CreatedOutsideScopeCount;
        work();
        return DisposeScopeManager.Statistics.CreatedOutsideScopeCount - before;
    }

    /// <summary>Tensors <paramref name="work"/> leaves in a scope it runs under.</summary>
    private static int LeftInScope(Action work)
    {
        using var scope = NewDisposeScope();
        work();
        return scope.DisposablesCount;
    }

    [Fact]
    public void Policies_make_nothing_outside_a_scope_and_keep_their_parameters_out_of_the_callers()
    {
        var config = new PolicyConfig { Width = 16, Latents = 4, Heads = 2, GatePrior = 1, GatePriorDistractors = 0.5 };
        Assert.Equal(0, MadeOutsideScopes(() => new PerceiverPolicy(12, config)));
        Assert.Equal(0, MadeOutsideScopes(() => new IndependentPolicy(50, 0.25)));

        PerceiverPolicy perceiver;
        IndependentPolicy independent;
        using (NewDisposeScope())
        {
            perceiver = new PerceiverPolicy(12, config);
            independent = new IndependentPolicy(50, 0.25);
        }
        // The caller's scope has ended; the parameters are the policies' and still usable.
        Assert.All(perceiver.Parameters, p => Assert.False(p.Value.IsInvalid, p.Name));
        Assert.False(independent.Parameters[0].Value.IsInvalid);
        Assert.Equal(12, perceiver.FeatureCount);
    }

    [Fact]
    public void Training_continued_training_and_rl_unit_leave_nothing_per_iteration()
    {
        var zoo = TestZoos.Small; // built outside the scopes below: every test shares it
        var pool = zoo.Tasks.Select(t => new PoolTask(t.Data, t.Truth)).ToList();
        using var root = new TempDir();

        // Training: a checkpoint every iteration, the metrics, the archive.
        int Train(int iterations) => LeftInScope(() =>
            SeRun.Train(new Scorer(zoo.Host, TinyScorer), pool, pool, Tiny(iterations), Path.Combine(root.Path, $"run{iterations}"), resume: false));
        int trainedTwo = Train(2);
        Assert.Equal(trainedTwo, Train(4));

        // Loading a checkpoint leaves nothing in the caller's scope: the tensors read are freed once copied;
        // reading its description builds no tensor at all.
        Assert.Equal(0, LeftInScope(() => Checkpoint.LoadPolicy(Path.Combine(root.Path, "run2"))));
        Assert.Equal(0, MadeOutsideScopes(() => Checkpoint.ReadInfo(Path.Combine(root.Path, "run2"))));

        // Continued training before an extraction, and rl-unit's search.
        var request = new ExtractionRequest(zoo.Host, zoo.Tasks[0].Data, [zoo.Tasks[1].Data], zoo.Tasks[0].Truth.Size, new RewardConfig(),
            new Scorer(zoo.Host, TinyScorer));
        var train = new TrainConfig { GroupSize = 2, Distractors = 1, Seed = 5 };
        int Continue(int iterations) => LeftInScope(() =>
            new SeExtractor(new ExtractorOptions { PolicyDir = Path.Combine(root.Path, "run2"), ContinueIterations = iterations, Train = train }).Extract(request));
        int RlUnit(int iterations) => LeftInScope(() =>
            new RlUnitExtractor(new ExtractorOptions { RlUnitIterations = iterations, Train = train }).Extract(request));
        Assert.Equal(Continue(1), Continue(3));
        Assert.Equal(RlUnit(1), RlUnit(3));
    }
}
