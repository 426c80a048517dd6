using System.Runtime.CompilerServices;
using Subx.Assister;
using Subx.Hosts;
using Subx.Tasks;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Scoring;

/// <summary>
/// Scores subnets: fine-tunes an assister model around each subnet on a task for a fixed budget and
/// returns the normalised balanced validation accuracy (bacc − 1/k)/(1 − 1/k): 0 is chance, 1 perfect.
/// A batch of jobs trains side by side in batched tensor operations on all cores; the same job
/// gives the same score alone or in any batch.
/// </summary>
public sealed class Scorer
{
    private readonly MlpHost _host;

    public Scorer(MlpHost host, ScorerConfig config)
    {
        config.Validate();
        _host = host;
        Config = config;
    }

    /// <summary>The host whose subnets this scorer scores.</summary>
    public MlpHost Host => _host;

    /// <summary>The budget and assister used for every score.</summary>
    public ScorerConfig Config { get; }

    /// <summary>Scores one job.</summary>
    public double Score(ScoreJob job) => Score([job])[0];

    /// <summary>Scores a subnet on a task together with its three controls (one batch of four fine-tunes).</summary>
    public ScoreWithControls ScoreWithControls(Subnet subnet, TaskData task, int seed = 0)
    {
        var s = Score(ControlJobs(subnet, task, seed));
        return new ScoreWithControls(s[0], s[1], s[2], s[3]);
    }

    /// <summary>The four jobs behind <see cref="ScoreWithControls"/>: subnet, no subnet, re-initialised, random units of equal size.</summary>
    public static ScoreJob[] ControlJobs(Subnet subnet, TaskData task, int seed) =>
        [.. new[] { Control.Subnet, Control.NoSubnet, Control.Reinitialized, Control.RandomUnits }.Select(c => new ScoreJob(subnet, task, seed, c))];

    /// <summary>
    /// The units a job's assister receives in one repeat. The random control draws new units in each
    /// repeat, so with several repeats it scores random subnets of that size, not one lucky draw.
    /// </summary>
    private static Subnet UnitsFor(ScoreJob job, int repeatSeed) => job.Control switch
    {
        Control.NoSubnet => Subnet.Empty(job.Subnet.Space),
        Control.RandomUnits when job.Subnet.KeptParameters > 0 => RandomOfSize(job.Subnet.Space, job.Subnet.Size, repeatSeed),
        _ => job.Subnet,
    };

    /// <summary>Random units whose parameters add up to about <paramref name="size"/> of the host.</summary>
    public static Subnet RandomOfSize(UnitSpace space, double size, int seed)
    {
        var rng = new Random(seed);
        return Subnet.TopBySize(space, Enumerable.Range(0, space.Count).Select(_ => rng.NextDouble()).ToArray(), size);
    }

    /// <summary>Scores many jobs, in batches of at most <see cref="ScorerConfig.MaxBatch"/>.</summary>
    public double[] Score(IReadOnlyList<ScoreJob> jobs, IProgress<int>? progress = null)
    {
        foreach (var job in jobs)
        {
            if (job.Subnet.Space.Count != _host.Units.Count)
                throw new ArgumentException($"subnet has {job.Subnet.Space.Count} units; the host has {_host.Units.Count}");
            if (job.Task.InputKind != TaskInputKind.Features || job.Task.FeatureDim != _host.InputDim)
                throw SubxException.Bad($"task '{job.Task.Name}'", "features",
                    $"{_host.InputDim} numeric features per row (the host's inputs)",
                    job.Task.InputKind == TaskInputKind.Text ? "text" : $"{job.Task.FeatureDim}");
        }
        // Each job runs Repeats times with seeds derived from its own; its score is their mean.
        int r = Config.Repeats;
        var expanded = jobs.SelectMany(j => Enumerable.Range(0, r).Select(k => (Job: j, Seed: RepeatSeed(j, k)))).ToArray();
        var raw = new double[expanded.Length];
        for (int start = 0; start < expanded.Length; start += Config.MaxBatch)
        {
            int n = Math.Min(Config.MaxBatch, expanded.Length - start);
            var chunkScores = ScoreBatch(expanded.AsSpan(start, n).ToArray());
            Array.Copy(chunkScores, 0, raw, start, n);
            progress?.Report((start + n) / r);
        }
        return Enumerable.Range(0, jobs.Count).Select(i => raw.AsSpan(i * r, r).ToArray().Average()).ToArray();
    }

    private int RepeatSeed(ScoreJob job, int repeat) => Seeds.Mix(Seeds.Mix(Config.Seed, job.Seed), repeat);

    private double[] ScoreBatch((ScoreJob Job, int Seed)[] batch)
    {
        using var scope = NewDisposeScope();
        var jobs = batch.Select(b => b.Job).ToArray();
        int count = jobs.Length, d = _host.InputDim, bs = Config.BatchSize;
        var specs = batch.Select(b => new AssisterSpec(UnitsFor(b.Job, b.Seed), b.Job.Task.ClassCount, b.Seed, b.Job.Control == Control.Reinitialized)).ToArray();
        using var am = new AssisterBatch(_host, specs, Config.Assister);
        var optimizer = optim.Adam(am.AssisterParameters, lr: Config.LearningRate);
        var subnetOptimizer = Config.Assister.FineTuneSubnet
            ? optim.Adam(am.SubnetParameters, lr: Config.Assister.SubnetLearningRate)
            : null;

        // Each job's data, as tensors (made once per task and kept), and its own batch sampler.
        var data = jobs.Select(j => TensorsOf(j.Task)).ToArray();
        var train = data.Select(t => t.TrainX).ToArray();
        var trainY = data.Select(t => t.TrainY).ToArray();
        var rngs = specs.Select(s => new Random(s.Seed)).ToArray();

        for (int step = 0; step < Config.Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            var xs = new Tensor[count]; var ys = new Tensor[count];
            for (int j = 0; j < count; j++)
            {
                int n = (int)train[j].shape[0];
                var idx = tensor(Enumerable.Range(0, bs).Select(_ => (long)rngs[j].Next(n)).ToArray());
                xs[j] = train[j].index_select(0, idx);
                ys[j] = trainY[j].index_select(0, idx);
            }
            var logits = am.Logits(stack(xs));                          // [B, bs, K]
            var k = logits.shape[2];
            var loss = nn.functional.cross_entropy(logits.reshape(count * bs, k), stack(ys).reshape(count * bs), reduction: nn.Reduction.None)
                .reshape(count, bs).mean([1]).sum();                     // sum over models: each model's gradient is its own
            optimizer.zero_grad();
            subnetOptimizer?.zero_grad();
            loss.backward();
            optimizer.step();
            subnetOptimizer?.step();
        }

        // Validation: pad every job's split to the longest, predict, score each on its own rows.
        var scores = new double[count];
        using (no_grad())
        {
            var valIdx = data.Select(t => t.ValidationRows).ToArray();
            int maxN = valIdx.Max(v => v.Length);
            var padded = stack(data.Select(t =>
                t.ValidationX.shape[0] == maxN ? t.ValidationX : cat([t.ValidationX, zeros(maxN - t.ValidationX.shape[0], d)], 0)).ToArray()); // [B, maxN, d]
            var predicted = am.Logits(padded).argmax(2);                 // [B, maxN]
            for (int j = 0; j < count; j++)
            {
                var p = predicted[j].narrow(0, 0, valIdx[j].Length).data<long>().ToArray().Select(v => (int)v).ToArray();
                var actual = valIdx[j].Select(i => jobs[j].Task.Labels[i]).ToArray();
                scores[j] = Metrics.NormalizedScore(Metrics.BalancedAccuracy(p, actual, jobs[j].Task.ClassCount), jobs[j].Task.ClassCount);
            }
        }
        return scores;
    }

    /// <summary>A task's rows as tensors: train features [n, d] and labels [n], validation features [m, d].</summary>
    private sealed record TaskTensors(Tensor TrainX, Tensor TrainY, Tensor ValidationX, int[] ValidationRows);

    // Building these from float[][] cost more than the fine-tunes themselves (a 14000-row split per job);
    // they are made once per task and live as long as the task does.
    private readonly ConditionalWeakTable<TaskData, TaskTensors> _tensors = new();

    private TaskTensors TensorsOf(TaskData task) => _tensors.GetValue(task, t =>
    {
        var rows = ValidationRows(t);
        return new TaskTensors(
            t.FeaturesOf(t.Splits.Train).DetachFromDisposeScope(),
            t.LabelTensorOf(t.Splits.Train).DetachFromDisposeScope(),
            t.FeaturesOf(rows).DetachFromDisposeScope(),
            rows);
    });

    private int[] ValidationRows(TaskData task)
    {
        var rows = task.Splits.Validation;
        if (Config.MaxValidation <= 0 || rows.Length <= Config.MaxValidation) return rows;
        // Every m-th row of the (stratified, shuffled-then-sorted) split: deterministic, and each class keeps about its share.
        double stride = (double)rows.Length / Config.MaxValidation;
        return Enumerable.Range(0, Config.MaxValidation).Select(i => rows[(int)(i * stride)]).ToArray();
    }

}
