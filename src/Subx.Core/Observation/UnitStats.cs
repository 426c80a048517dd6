using Subx.Hosts;
using Subx.Tasks;
using static TorchSharp.torch;

namespace Subx.Observation;

/// <summary>
/// Activation statistics of every unit of a host on one task's training rows, in unit-space order:
/// the mean, the spread (std), and the class separation — the largest |class mean − mean| over the
/// spread. Also the same separation for every input feature, so a first-layer unit can be judged
/// by the inputs that feed it.
/// </summary>
public sealed record UnitStats(double[] Mean, double[] Std, double[] Separation, double[] InputSeparation)
{
    /// <summary>Added to a spread so a dead unit (std 0, every class mean 0) separates by exactly 0.</summary>
    public const double Eps = 1e-6;

    /// <summary>Computes the statistics on at most <paramref name="maxRows"/> of the task's train rows (a seeded sample when there are more).</summary>
    public static UnitStats Compute(MlpHost host, TaskData task, int maxRows, int seed)
    {
        using var _ = NewDisposeScope();
        var (x, y, classes) = TrainSample(host, task, maxRows, seed);
        // Float64 throughout: in float32 a constant unit's class means miss its mean by rounding
        // (~1e-7 of its value), which divided by std + eps would give it a spurious separation.
        var onehot = nn.functional.one_hot(y, classes).to_type(ScalarType.Float64); // [n, classes]
        var counts = onehot.sum([0L]).unsqueeze(1);                                // [classes, 1]
        var present = (counts > 0).to_type(ScalarType.Float64);                    // [classes, 1]
        var mean = new List<double>(); var std = new List<double>(); var sep = new List<double>();
        double[] inputSep;
        using (no_grad())
        {
            inputSep = Stats(x, onehot, counts, present).Sep;
            foreach (var hidden in host.Hidden(x))                                 // [n, width_l]
            {
                var (m, s, d) = Stats(hidden, onehot, counts, present);
                mean.AddRange(m); std.AddRange(s); sep.AddRange(d);
            }
        }
        return new UnitStats(mean.ToArray(), std.ToArray(), sep.ToArray(), inputSep);
    }

    private static (double[] Mean, double[] Std, double[] Sep) Stats(Tensor activations, Tensor onehot, Tensor counts, Tensor present)
    {
        var a = activations.to_type(ScalarType.Float64);
        var mean = a.mean([0]);                                            // [width]
        var std = a.std(0L, unbiased: false);                              // [width]
        var classMeans = onehot.t().matmul(a) / counts.clamp_min(1);       // [classes, width]
        var gap = (classMeans - mean).abs() * present;                     // an absent class has no mean; gaps ≥ 0 so its 0 never wins
        var separation = gap.max(0L).values / (std + Eps);                 // [width]
        return (mean.data<double>().ToArray(), std.data<double>().ToArray(), separation.data<double>().ToArray());
    }

    /// <summary>
    /// At most <paramref name="maxRows"/> of a task's train rows (a sample seeded by <paramref name="seed"/>
    /// when there are more, since files may be sorted by class), as inputs [n, in], labels [n] and the
    /// class count. Checks that the task fits the host.
    /// </summary>
    public static (Tensor X, Tensor Y, int Classes) TrainSample(MlpHost host, TaskData task, int maxRows, int seed)
    {
        if (task.Features is null)
            throw SubxException.Bad($"task '{task.Name}'", "inputs", "feature vectors (an MLP host reads features)", "texts");
        if (task.FeatureDim != host.InputDim)
            throw SubxException.Bad($"task '{task.Name}'", "features", $"{host.InputDim} per row (the host's input width)", task.FeatureDim.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (maxRows < 1)
            throw SubxException.Bad("extractor", "max rows", "at least 1", maxRows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rows = task.Splits.Train;
        if (rows.Length > maxRows)
        {
            rows = (int[])rows.Clone();
            new Random(seed).Shuffle(rows);
            rows = rows[..maxRows];
        }
        return (task.FeaturesOf(rows), task.LabelTensorOf(rows), task.ClassCount); // [n, in], [n]
    }
}
