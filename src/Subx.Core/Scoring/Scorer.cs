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
    private readonly IHost _host;

    /// <summary>A scorer of subnets of <paramref name="host"/> with the budget of <paramref name="config"/>.</summary>
    public Scorer(IHost host, ScorerConfig config)
    {
        config.Validate();
        _host = host;
        Config = config;
    }

    /// <summary>The host whose subnets this scorer scores.</summary>
    public IHost Host => _host;

    /// <summary>The budget and assister used for every score.</summary>
    public ScorerConfig Config { get; }

    /// <summary>Scores one job.</summary>
    public double Score(ScoreJob job) => Score([job])[0];

    /// <summary>
    /// Scores a subnet on a task together with its three controls (one batch of four fine-tunes per
    /// repeat); <paramref name="progress"/> gets the fraction of the fine-tunes done.
    /// </summary>
    public ScoreWithControls ScoreWithControls(Subnet subnet, TaskData task, int seed = 0, IProgress<double>? progress = null)
    {
        var s = Score(ControlJobs(subnet, task, seed), progress);
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

    /// <summary>
    /// Scores many jobs, in batches of at most <see cref="ScorerConfig.MaxBatch"/>: each job's mean over
    /// its repeats. <paramref name="progress"/> gets the fraction of the fine-tunes done after each batch.
    /// </summary>
    public double[] Score(IReadOnlyList<ScoreJob> jobs, IProgress<double>? progress = null) =>
        [.. ScoreRepeats(jobs, progress).Select(r => r.Average())];

    /// <summary>
    /// Scores many jobs and keeps every repeat: for each job, its <see cref="ScorerConfig.Repeats"/>
    /// fine-tunes' scores in repeat order. Repeat k of every job with the same <see cref="ScoreJob.Seed"/>
    /// draws the same seed, so the scores of one subnet on T and on its distractors, or of two subnets,
    /// pair up repeat by repeat (their differences carry less of the fine-tunes' noise than their scores).
    /// </summary>
    public double[][] ScoreRepeats(IReadOnlyList<ScoreJob> jobs, IProgress<double>? progress = null)
    {
        foreach (var job in jobs)
        {
            if (job.Subnet.Space.Count != _host.Units.Count)
                throw new ArgumentException($"subnet has {job.Subnet.Space.Count} units; the host has {_host.Units.Count}");
            _host.CheckTask(job.Task);
        }
        // Each job runs Repeats times with seeds derived from its own; its score is their mean.
        int r = Config.Repeats;
        var expanded = jobs.SelectMany(j => Enumerable.Range(0, r).Select(k => (Job: j, Seed: RepeatSeed(j, k)))).ToArray();
        var raw = new double[expanded.Length];
        int done = 0;
        foreach (var group in BatchGroups(expanded))
        {
            for (int start = 0; start < group.Length; start += Config.MaxBatch)
            {
                int n = Math.Min(Config.MaxBatch, group.Length - start);
                var slice = group.AsSpan(start, n).ToArray();
                var chunkScores = ScoreBatch(slice.Select(i => expanded[i]).ToArray());
                for (int i = 0; i < n; i++) raw[slice[i]] = chunkScores[i];
                done += n;
                progress?.Report((double)done / expanded.Length);
            }
        }
        return [.. Enumerable.Range(0, jobs.Count).Select(i => raw.AsSpan(i * r, r).ToArray())];
    }

    /// <summary>
    /// Which jobs train side by side (positions into the expanded list). Feature tasks: all together.
    /// Text tasks: one group per task, because a batch pads every text to the longest of the batch —
    /// single words beside 32-token e-mails would cost six times what they need. A job scores the same
    /// in any batch, so the grouping changes speed only.
    /// </summary>
    private IEnumerable<int[]> BatchGroups((ScoreJob Job, int Seed)[] expanded)
    {
        var all = Enumerable.Range(0, expanded.Length);
        if (expanded.Length == 0 || expanded[0].Job.Task.InputKind != TaskInputKind.Text) return [all.ToArray()];
        return all.GroupBy(i => expanded[i].Job.Task).Select(g => g.ToArray());
    }

    private int RepeatSeed(ScoreJob job, int repeat) => Seeds.Mix(Seeds.Mix(Config.Seed, job.Seed), repeat);

    private double[] ScoreBatch((ScoreJob Job, int Seed)[] batch)
    {
        using var scope = NewDisposeScope();
        var jobs = batch.Select(b => b.Job).ToArray();
        int count = jobs.Length, bs = Config.BatchSize;
        var specs = batch.Select(b => new AssisterSpec(UnitsFor(b.Job, b.Seed), b.Job.Task.ClassCount, b.Seed, b.Job.Control == Control.Reinitialized)).ToArray();
        using var am = _host.CreateAssister(specs, Config.Assister);
        using var optimizer = new TorchAdam(am.AssisterParameters, Config.LearningRate);
        using var subnetOptimizer = Config.Assister.FineTuneSubnet
            ? new TorchAdam(am.SubnetParameters, Config.Assister.SubnetLearningRate)
            : null;

        // Each job's data, after the frozen encoder (made once per task and kept), and its own batch sampler.
        var data = jobs.Select(j => TensorsOf(j.Task)).ToArray();
        var rngs = specs.Select(s => new Random(s.Seed)).ToArray();

        for (int step = 0; step < Config.Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            var xs = new HostInputs[count]; var ys = new Tensor[count];
            for (int j = 0; j < count; j++)
            {
                int n = (int)data[j].Train.Rows;
                var idx = tensor(Enumerable.Range(0, bs).Select(_ => (long)rngs[j].Next(n)).ToArray());
                xs[j] = data[j].Train.Select(idx);
                ys[j] = data[j].TrainY.index_select(0, idx);
            }
            var logits = am.Logits(HostInputs.Stack(xs));                 // [B, bs, K]
            var k = logits.shape[2];
            var loss = nn.functional.cross_entropy(logits.reshape(count * bs, k), stack(ys).reshape(count * bs), reduction: nn.Reduction.None)
                .reshape(count, bs).mean([1]).sum();                     // sum over models: each model's gradient is its own
            optimizer.ZeroGrad();
            subnetOptimizer?.ZeroGrad();
            loss.backward();
            optimizer.Step();
            subnetOptimizer?.Step();
        }

        // Validation, a chunk of rows at a time: each job predicts its own rows (short splits padded), scored on its own rows.
        var predicted = new int[count][];
        for (int j = 0; j < count; j++) predicted[j] = new int[data[j].ValidationRows.Length];
        int maxN = data.Max(t => t.ValidationRows.Length), chunk = Config.ValidationChunk;
        using (no_grad())
        {
            for (int start = 0; start < maxN; start += chunk)
            {
                using var chunkScope = NewDisposeScope();
                int len = Math.Min(chunk, maxN - start);
                var parts = data.Select(t =>
                {
                    long have = Math.Clamp(t.Validation.Rows - start, 0, len);
                    return have > 0 ? t.Validation.Narrow(start, have) : t.Validation.Narrow(0, 1); // a job out of rows predicts a dummy row
                }).ToArray();
                var argmax = am.Logits(HostInputs.Stack(parts)).argmax(2);   // [B, len]
                for (int j = 0; j < count; j++)
                {
                    int have = Math.Clamp(predicted[j].Length - start, 0, len);
                    if (have == 0) continue;
                    var p = argmax[j].narrow(0, 0, have).data<long>().ToArray();
                    for (int i = 0; i < have; i++) predicted[j][start + i] = (int)p[i];
                }
            }
        }
        var scores = new double[count];
        for (int j = 0; j < count; j++)
        {
            var actual = data[j].ValidationRows.Select(i => jobs[j].Task.Labels[i]).ToArray();
            scores[j] = Metrics.NormalizedScore(Metrics.BalancedAccuracy(predicted[j], actual, jobs[j].Task.ClassCount), jobs[j].Task.ClassCount);
        }
        return scores;
    }

    /// <summary>A task's rows after the frozen encoder: train inputs and labels [n], validation inputs.</summary>
    private sealed record TaskTensors(HostInputs Train, Tensor TrainY, HostInputs Validation, int[] ValidationRows);

    // Building these cost more than the fine-tunes themselves (a 14000-row split per job; a forward
    // pass through a BERT's embeddings); they are made once per task and live as long as the task does.
    private readonly ConditionalWeakTable<TaskData, TaskTensors> _tensors = new();

    private TaskTensors TensorsOf(TaskData task) => _tensors.GetValue(task, t =>
    {
        using var scope = NewDisposeScope();
        var train = TaskSplits.Subset(t.Splits.Train, Config.MaxTrain);
        var rows = TaskSplits.Subset(t.Splits.Validation, Config.MaxValidation);
        return new TaskTensors(
            _host.Inputs(t, train).Detach(),
            t.LabelTensorOf(train).DetachFromDisposeScope(),
            _host.Inputs(t, rows).Detach(),
            rows);
    });
}
