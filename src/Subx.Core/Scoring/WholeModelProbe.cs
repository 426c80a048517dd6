using Subx.Hosts;
using Subx.Observation;
using Subx.Tasks;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Scoring;

/// <summary>Settings of the whole-model reference: a linear probe on M's own representation.</summary>
public sealed record ProbeConfig
{
    /// <summary>Full-batch Adam steps.</summary>
    public int Steps { get; init; } = 300;
    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 0.01;
    /// <summary>Train rows used at most (a stratified subset when there are more); 0 = all.</summary>
    public int MaxTrain { get; init; } = 2000;
    /// <summary>Validation rows scored at most; 0 = all.</summary>
    public int MaxValidation { get; init; } = 1000;
    /// <summary>Rows per forward pass through the host (bounds memory, not results).</summary>
    public int Chunk { get; init; } = 256;
    /// <summary>Seed of the probe's initialisation.</summary>
    public int Seed { get; init; } = 0;
    /// <summary>Train rows (a stratified subset of the probe's) whose units' outputs on intact M are averaged for mean-ablation, in one pass of M.</summary>
    public int MeanRows { get; init; } = 256;
}

/// <summary>
/// The "whole model" reference for a task: a linear probe on M's whole representation (a BERT's
/// mean-pooled last hidden state, an MLP's last hidden layer), frozen M, scored like the assister:
/// normalised balanced accuracy on the validation split (0 = chance, 1 = perfect). What a subnet's
/// score on T is compared with.
/// </summary>
public static class WholeModelProbe
{
    /// <summary>The probe's normalised validation score on a task.</summary>
    public static double Score(IHost host, TaskData task, ProbeConfig? config = null) => Scores(host, task, [null], Ablation.Zero, config)[0];

    /// <summary>
    /// The probe, fitted once on intact M, scored on the validation rows of M with the units of each
    /// subnet of <paramref name="knockedOut"/> ablated (null: M intact): with <see cref="Ablation.Mean"/>
    /// each writes its mean output on <see cref="ProbeConfig.MeanRows"/> of the task's train rows; with
    /// <see cref="Ablation.Resample"/>, for each validation row, its output on a train row drawn with the
    /// probe's seed (the same donor for every unit and every reading of that row); with
    /// <see cref="Ablation.Zero"/> zero. What M's own representation of the task loses without those
    /// units, read as M's whole output is read.
    /// </summary>
    /// <remarks><paramref name="progress"/> gets the fraction done after the fit and after each reading (the fit and the fill count as many rows as they read).</remarks>
    public static double[] Scores(IHost host, TaskData task, IReadOnlyList<Subnet?> knockedOut, Ablation ablation, ProbeConfig? config = null, IProgress<double>? progress = null)
    {
        config ??= new ProbeConfig();
        using var scope = NewDisposeScope();
        var train = TaskSplits.Subset(task.Splits.Train, config.MaxTrain);
        var validation = TaskSplits.Subset(task.Splits.Validation, config.MaxValidation);
        // What ablated units write: their mean over some train rows, or each validation row's donor's (train rows).
        bool ablates = knockedOut.Any(k => k is not null);
        int[] fillRows = !ablates ? [] : ablation switch
        {
            Ablation.Mean => TaskSplits.Subset(train, config.MeanRows),
            Ablation.Resample => Donors(train, validation.Length, config.Seed),
            _ => [],
        };
        Tensor? fill = null;
        if (fillRows.Length > 0)
            using (no_grad())
                fill = ablation == Ablation.Mean
                    ? host.MeanOutputs(host.Inputs(task, fillRows))
                    : UnitStats.Chunked(host.Inputs(task, fillRows), config.Chunk, host.RowOutputs); // row k: validation row k's donor
        Tensor Features(HostInputs inputs, Tensor? gates)
        {
            Tensor? FillFor(long start, long rows) => gates is null || fill is null ? null : ablation == Ablation.Resample ? fill.narrow(0, start, rows) : fill;
            using (no_grad()) return UnitStats.Chunked(inputs, config.Chunk, (x, start) => host.Represent(x, gates, FillFor(start, x.Rows))); // [n, D]
        }
        var x = Features(host.Inputs(task, train), null);
        var y = task.LabelTensorOf(train);
        // Standardise with the train rows' statistics: one learning rate then suits every host.
        var mean = x.mean([0L], keepdim: true);
        var std = x.std(0L, keepdim: true, unbiased: false).AtLeast(1e-6);
        x = (x - mean) / std;
        var (weight, bias) = Fit(x, y, task.ClassCount, config.Steps, config.LearningRate, config.Seed);
        var inputs = host.Inputs(task, validation);
        var actual = task.LabelsOf(validation);
        double done = train.Length + fillRows.Length, total = done + (double)validation.Length * knockedOut.Count;
        progress?.Report(done / total);
        return [.. knockedOut.Select((without, i) =>
        {
            using var variant = NewDisposeScope();
            int[] predicted;
            using (no_grad())
            {
                var v = (Features(inputs, without is null ? null : without.Complement().Gates()) - mean) / std;
                predicted = nn.functional.linear(v, weight, bias).argmax(1).data<long>().ToArray().Select(p => (int)p).ToArray();
            }
            progress?.Report((done + (double)validation.Length * (i + 1)) / total);
            return Metrics.NormalizedScore(Metrics.BalancedAccuracy(predicted, actual, task.ClassCount), task.ClassCount);
        })];
    }

    /// <summary>
    /// The donor of each of <paramref name="count"/> rows read: train rows in an order seeded by
    /// <paramref name="seed"/>, each used once while there are enough.
    /// </summary>
    private static int[] Donors(int[] train, int count, int seed)
    {
        var shuffled = train.ToArray();
        new Random(seed).Shuffle(shuffled);
        return [.. Enumerable.Range(0, count).Select(k => shuffled[k % shuffled.Length])];
    }

    /// <summary>
    /// A linear readout [classes, D], [classes] of features x [n, D] for labels y [n], fitted by
    /// full-batch Adam from PyTorch's Linear initialisation (seeded) and returned frozen.
    /// </summary>
    public static (Tensor Weight, Tensor Bias) Fit(Tensor x, Tensor y, int classes, int steps, double learningRate, int seed)
    {
        var gen = new Generator((ulong)seed);
        var weight = new TorchSharp.Modules.Parameter(Init.LinearDefault(classes, (int)x.shape[1], gen));
        var bias = new TorchSharp.Modules.Parameter(zeros(classes));
        using var opt = new TorchAdam([weight, bias], learningRate);
        for (int step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            opt.ZeroGrad();
            nn.functional.cross_entropy(nn.functional.linear(x, weight, bias), y).backward();
            opt.Step();
        }
        return (weight.detach(), bias.detach());
    }
}
