using Subx.Extractors.Policy;
using Subx.Observation;
using Subx.Rewards;
using Subx.Runs;
using Subx.Scoring;
using Subx.Tasks;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Training;

/// <summary>A task the policy may train on, with its true subnet when one is known (a zoo's), for logging only.</summary>
public sealed record PoolTask(TaskData Data, Subnet? Truth = null)
{
    /// <summary>The task's name.</summary>
    public string Name => Data.Name;
}

/// <summary>The best subnet of the latest iteration on one task, and its reward; the diversity term compares against these.</summary>
public sealed record ArchiveEntry(Subnet Subnet, double Reward);

/// <summary>Everything that changes during training besides the policy and the optimiser.</summary>
public sealed class TrainState
{
    /// <summary>Iterations completed.</summary>
    public int Iteration { get; set; }
    /// <summary>Per task name, the best subnet of the latest iteration on that task.</summary>
    public Dictionary<string, ArchiveEntry> Archive { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// REINFORCE with a leave-one-out group baseline and an entropy bonus (PPO-style clipped epochs as
/// an option), one file, read top to bottom (after cleanrl's ppo.py). Each iteration: draw a task T
/// from the pool and n distractors from the others; sample G subnets from the policy (optionally with
/// its logits shifted so that a sample's expected size is <see cref="TrainConfig.SampleSize"/>); score all
/// G × (1 + n) fine-tunes in one batch; R = score(T) − a·mean score(D) − b·size − c·overlap with
/// the other tasks' archived subnets; advantage = R − mean of the other G − 1 rewards; update. Every random choice of
/// iteration i derives from (seed, i), so a run resumed from a checkpoint continues exactly.
/// </summary>
public sealed class Reinforce(IPolicy policy, Adam optimizer, ObservationBuilder observations, Scorer scorer, TrainConfig config)
{
    /// <summary>The settings in use.</summary>
    public TrainConfig Config { get; } = config;

    /// <summary>The optimiser's own step size, which the schedule scales (it need not be <see cref="TrainConfig.LearningRate"/>: `rl-unit`'s is not).</summary>
    private readonly double _baseLearningRate = optimizer.LearningRate;

    /// <summary>
    /// Runs iterations from <paramref name="state"/>.Iteration up to <see cref="TrainConfig.Iterations"/>.
    /// <paramref name="pool"/> holds the tasks T is drawn from; <paramref name="distractorPool"/> the tasks
    /// distractors are drawn from (T itself is never its own distractor). After each iteration
    /// <paramref name="onIteration"/> receives the metrics; when it returns true a checkpoint is due.
    /// </summary>
    public void Run(IReadOnlyList<PoolTask> pool, IReadOnlyList<PoolTask> distractorPool, TrainState state,
        Action<int, IReadOnlyDictionary<string, object>> onIteration)
    {
        Config.Validate();
        if (pool.Count == 0) throw SubxException.Bad("train", "tasks", "at least one task to train on", "none");
        while (state.Iteration < Config.Iterations)
        {
            var metrics = Step(pool, distractorPool, state);
            state.Iteration++;
            onIteration(state.Iteration, metrics);
        }
    }

    /// <summary>One iteration (the state's iteration number picks its random numbers).</summary>
    public Dictionary<string, object> Step(IReadOnlyList<PoolTask> pool, IReadOnlyList<PoolTask> distractorPool, TrainState state)
    {
        using var scope = NewDisposeScope();
        int iteration = state.Iteration;
        var rng = new Random(Seeds.Mix(Config.Seed, iteration));
        var gen = new Generator((ulong)Seeds.Mix(Config.Seed, iteration));

        // 1. The task and its distractors.
        var task = pool[rng.Next(pool.Count)];
        var others = distractorPool.Where(t => t.Name != task.Name).ToList();
        var distractors = others.OrderBy(_ => rng.Next()).Take(Config.Distractors).ToList();
        var reward = Config.Reward with { SizePenalty = Config.SizePenaltyAt(iteration) };
        optimizer.LearningRate = _baseLearningRate * Config.LearningRateFactor(iteration);

        // 2. Sample G subnets from the policy.
        var observation = policy.ReadsObservation ? observations.Build(task.Data, distractors.Select(d => d.Data).ToList()) : observations.Blind();
        var space = scorer.Host.Units;
        Tensor samples, oldLogProb;
        double offset = 0;
        using (no_grad())
        {
            var logits = policy.Logits(observation);                                      // [U]
            // With a sample size, every logit is shifted by one constant so that the expected sample has
            // that size: the samples then vary around the top units a size-budgeted extraction takes, not around
            // however many units the policy's bias happens to keep.
            if (Config.SampleSize is double size) offset = OffsetForSize(logits, space, size);
            var shifted = logits.Plus(offset);
            samples = bernoulli(sigmoid(shifted).expand(Config.GroupSize, -1), generator: gen); // [G, U]
            oldLogProb = LogProb(shifted, samples);                                       // [G]
        }
        var flat = samples.to(ScalarType.Bool).data<bool>().ToArray();
        int units = space.Count;
        var subnets = Enumerable.Range(0, Config.GroupSize).Select(g => new Subnet(space, flat.AsSpan(g * units, units).ToArray())).ToArray();

        // 3. Score every subnet on T and on each distractor, in one batch.
        var tasks = new[] { task }.Concat(distractors).ToArray();
        int scoreSeed = Seeds.Mix(Seeds.Mix(Config.Seed, -1), iteration);
        var jobs = subnets.SelectMany(s => tasks.Select(t => new ScoreJob(s, t.Data, scoreSeed))).ToArray();
        var scores = scorer.Score(jobs);
        var archiveOthers = state.Archive.Where(kv => kv.Key != task.Name).Select(kv => kv.Value.Subnet).ToList();
        var terms = subnets.Select((s, g) =>
        {
            var row = scores.AsSpan(g * tasks.Length, tasks.Length).ToArray();
            return Reward.Compute(reward, row[0], row[1..], s, archiveOthers);
        }).ToArray();
        var rewards = terms.Select(t => t.Total).ToArray();

        // 4. Leave-one-out advantages: each sample against the mean of the others (sums to zero).
        var advantages = LeaveOneOut(rewards);
        var adv = tensor(advantages.Select(a => (float)a).ToArray());                      // [G]

        // 5. Update: one REINFORCE step, or PPO-style clipped epochs on the same samples.
        double policyLoss = 0, entropy = 0;
        int epochs = Math.Max(1, Config.PpoEpochs);
        for (int e = 0; e < epochs; e++)
        {
            using var epochScope = NewDisposeScope();
            optimizer.ZeroGrad();
            var logits = policy.Logits(observation).Plus(offset);                           // the iteration's sampling distribution
            var logProb = LogProb(logits, samples);                                       // [G]
            Tensor objective;
            if (Config.PpoEpochs == 0) objective = (adv * logProb).mean();
            else
            {
                // The ratio of a subnet's per-unit (geometric-mean) probability: the joint ratio over
                // hundreds of units would leave the clip range after the first step.
                var ratio = (logProb - oldLogProb).DividedBy(units).exp();
                objective = minimum(ratio * adv, ratio.ClampedTo(1 - Config.ClipRange, 1 + Config.ClipRange) * adv).mean();
            }
            var ent = BernoulliEntropy(logits).mean();
            var loss = -(objective.Plus(ent.Times(Config.EntropyBonus)));
            loss.backward();
            optimizer.Update();
            policyLoss = loss.item<float>();
            entropy = ent.item<float>();
        }

        // 6. The archive keeps, per task, the best subnet of the latest iteration on it (for the
        // diversity term): what the policy now finds for that task, not a stale early sample — the
        // first, large random subnets of training would otherwise claim units for good.
        int best = Array.IndexOf(rewards, rewards.Max());
        state.Archive[task.Name] = new ArchiveEntry(subnets[best], rewards[best]);

        // 7. Metrics: every term of R, the entropy, the size, and the truth when it is known.
        var m = new Dictionary<string, object>
        {
            [Metric.Iteration] = iteration + 1,
            [Metric.Task] = task.Name,
            [Metric.Reward] = rewards.Average(),
            [Metric.RewardMax] = rewards.Max(),
            [Metric.ScoreT] = terms.Average(t => t.ScoreT),
            [Metric.ScoreDistractors] = terms.Average(t => t.MeanDistractorScore),
            [Metric.DistractorTerm] = terms.Average(t => t.DistractorTerm),
            [Metric.SizeTerm] = terms.Average(t => t.SizeTerm),
            [Metric.Overlap] = terms.Average(t => t.Overlap),
            [Metric.OverlapTerm] = terms.Average(t => t.OverlapTerm),
            [Metric.Size] = terms.Average(t => t.Size),
            [Metric.SizePenalty] = reward.SizePenalty,
            [Metric.Entropy] = entropy,
            [Metric.LearningRate] = optimizer.LearningRate,
            [Metric.LogitOffset] = offset,
            [Metric.PolicyLoss] = policyLoss,
        };
        if (task.Truth is not null)
        {
            using var _ = no_grad();
            var logits = policy.Logits(observation).data<float>().ToArray().Select(v => (double)v).ToArray();
            m[Metric.TruthAuc] = TruthMetrics.RocAuc(logits, task.Truth);
            m[Metric.TruthF1] = TruthMetrics.Match(Subnet.Threshold(space, logits, 0), task.Truth).F1;
        }
        return m;
    }

    /// <summary>
    /// The constant s for which Bernoulli(sigmoid(logits + s)) keeps, in expectation, the fraction
    /// <paramref name="size"/> of the unit space's parameters (bisection: the expected size rises with s).
    /// </summary>
    public static double OffsetForSize(Tensor logits, UnitSpace space, double size)
    {
        if (!(size > 0 && size < 1)) throw SubxException.Bad("train", "sample size", "a fraction in (0, 1)", size.ToString("G4"));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weights = tensor(space.Units.Select(u => (double)u.ParameterCount / space.TotalParameters).ToArray());
        var l = logits.detach().to(ScalarType.Float64);
        double Expected(double s) => (sigmoid(l.Plus(s)) * weights).sum().item<double>();
        double lo = -l.max().item<double>() - 40, hi = -l.min().item<double>() + 40;
        for (int i = 0; i < 60; i++)
        {
            double mid = (lo + hi) / 2;
            if (Expected(mid) < size) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /// <summary>Σ over units of log π(sample) for each sampled subnet: [G] from logits [U] and samples [G, U].</summary>
    public static Tensor LogProb(Tensor logits, Tensor samples) =>
        -nn.functional.binary_cross_entropy_with_logits(logits.expand_as(samples), samples, reduction: nn.Reduction.None).sum(1);

    /// <summary>Per-unit entropy of Bernoulli(sigmoid(logits)), in nats.</summary>
    public static Tensor BernoulliEntropy(Tensor logits)
    {
        var p = sigmoid(logits);
        return nn.functional.binary_cross_entropy_with_logits(logits, p, reduction: nn.Reduction.None);
    }

    /// <summary>Each reward minus the mean of the other rewards of its group.</summary>
    public static double[] LeaveOneOut(IReadOnlyList<double> rewards)
    {
        double sum = rewards.Sum();
        int g = rewards.Count;
        return rewards.Select(r => r - (sum - r) / (g - 1)).ToArray();
    }
}
