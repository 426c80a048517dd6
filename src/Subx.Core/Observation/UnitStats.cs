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
    public static UnitStats Compute(IHost host, TaskData task, int maxRows, int seed, int chunk = 256)
    {
        using var _ = NewDisposeScope();
        var (x, y, classes) = TrainSample(host, task, maxRows, seed);
        // Float64 throughout: in float32 a constant unit's class means miss its mean by rounding
        // (~1e-7 of its value), which divided by std + eps would give it a spurious separation.
        var onehot = nn.functional.one_hot(y, classes).to_type(ScalarType.Float64); // [n, classes]
        var counts = onehot.sum([0L]).unsqueeze(1);                                // [classes, 1]
        var present = (counts > Held.Zero).to_type(ScalarType.Float64);                    // [classes, 1]
        var mean = new List<double>(); var std = new List<double>(); var sep = new List<double>();
        double[] inputSep;
        using (no_grad())
        {
            var features = host.InputFeatures(x);
            inputSep = features is null ? [] : Stats(features, onehot, counts, present).Sep;
            var activations = Chunked(x, chunk, host.UnitActivations);             // [n, units]
            (double[] m, double[] s, double[] d) = Stats(activations, onehot, counts, present);
            mean.AddRange(m); std.AddRange(s); sep.AddRange(d);
        }
        return new UnitStats(mean.ToArray(), std.ToArray(), sep.ToArray(), inputSep);
    }

    private static (double[] Mean, double[] Std, double[] Sep) Stats(Tensor activations, Tensor onehot, Tensor counts, Tensor present)
    {
        var a = activations.to_type(ScalarType.Float64);
        var mean = a.mean([0]);                                            // [width]
        var std = a.std(0L, unbiased: false);                              // [width]
        var classMeans = onehot.t().matmul(a) / counts.clamp_min(Held.One);       // [classes, width]
        var gap = (classMeans - mean).abs() * present;                     // an absent class has no mean; gaps ≥ 0 so its 0 never wins
        var separation = gap.max(0L).values / std.Plus(Eps);                 // [width]
        return (mean.data<double>().ToArray(), std.data<double>().ToArray(), separation.data<double>().ToArray());
    }

    /// <summary>
    /// At most <paramref name="maxRows"/> of a task's train rows (a sample seeded by <paramref name="seed"/>
    /// when there are more, since files may be sorted by class), as inputs [n, in], labels [n] and the
    /// class count. Checks that the task fits the host.
    /// </summary>
    public static (HostInputs X, Tensor Y, int Classes) TrainSample(IHost host, TaskData task, int maxRows, int seed)
    {
        host.CheckTask(task);
        if (maxRows < 1)
            throw SubxException.Bad("extractor", "max rows", "at least 1", maxRows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rows = task.Splits.Train;
        if (rows.Length > maxRows)
        {
            rows = (int[])rows.Clone();
            new Random(seed).Shuffle(rows);
            rows = rows[..maxRows];
        }
        return (host.Inputs(task, rows), task.LabelTensorOf(rows), task.ClassCount); // [n, …], [n]
    }

    /// <summary>
    /// f applied to rows of x a chunk at a time, the results concatenated along rows (bounds memory, not
    /// results). Each chunk runs in a dispose scope of its own, which keeps only its result: under the
    /// caller's scope alone every intermediate of every chunk (a BERT's activations, layer by layer)
    /// would live until the caller's end, and memory would grow with the rows after all.
    /// </summary>
    public static Tensor Chunked(HostInputs x, int chunk, Func<HostInputs, Tensor> f) => Chunked(x, chunk, (rows, _) => f(rows));

    /// <summary>As <see cref="Chunked(HostInputs, int, Func{HostInputs, Tensor})"/>, with each chunk's first row passed to <paramref name="f"/>.</summary>
    public static Tensor Chunked(HostInputs x, int chunk, Func<HostInputs, long, Tensor> f)
    {
        Tensor Part(HostInputs rows, long start)
        {
            using var scope = NewDisposeScope();
            return f(rows, start).MoveToOuterDisposeScope();
        }
        if (x.Rows <= chunk) return Part(x, 0);
        var parts = new List<Tensor>();
        for (long start = 0; start < x.Rows; start += chunk)
            parts.Add(Part(x.Narrow(start, Math.Min(chunk, x.Rows - start)), start));
        return cat(parts.ToArray(), 0);
    }
}
