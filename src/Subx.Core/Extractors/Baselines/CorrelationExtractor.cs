using Subx.Hosts;
using Subx.Tasks;
using static TorchSharp.torch;

namespace Subx.Extractors.Baselines;

/// <summary>
/// Activation–label separation: a unit scores high when its mean activation differs between T's
/// classes (in units of its own spread) and does not on the distractors. One forward pass per task,
/// no training: the cheapest task-aware baseline.
/// </summary>
public sealed class CorrelationExtractor : IExtractor
{
    /// <summary>Added to a unit's activation std so a dead unit (std 0, every class mean 0) separates by exactly 0.</summary>
    public const double Eps = 1e-6;

    /// <inheritdoc />
    public string Name => "correlation";
    /// <inheritdoc />
    public string Description => "max over classes of |class mean − mean| / std of each unit's activation, on T minus on distractors";

    /// <summary>Train rows read per task at most (a seeded sample when the split has more).</summary>
    public int MaxRows { get; init; } = 2000;

    /// <inheritdoc />
    public ExtractionResult Extract(ExtractionRequest request, IProgress<double>? progress = null)
    {
        var scores = Scores(request, progress);
        return new ExtractionResult(scores, Selection.Pick(request, scores));
    }

    /// <summary>Per-unit scores in unit-space order: separation on T minus the mean separation on the distractors.</summary>
    public double[] Scores(ExtractionRequest request, IProgress<double>? progress = null)
    {
        int tasks = 1 + request.Distractors.Count;
        var onTask = Separation(request.Host, request.Task, MaxRows, request.Seed);
        progress?.Report(1.0 / tasks);
        var onDistractors = new List<double[]>();
        foreach (var d in request.Distractors)
        {
            onDistractors.Add(Separation(request.Host, d, MaxRows, request.Seed));
            progress?.Report((1.0 + onDistractors.Count) / tasks);
        }
        return Contrast(onTask, onDistractors);
    }

    /// <summary>
    /// separation(u) = max over classes c of |mean_c(a_u) − mean(a_u)| / (std(a_u) + <see cref="Eps"/>)
    /// on a sample of the task's train rows, for every unit of every layer, in unit-space order.
    /// </summary>
    public static double[] Separation(MlpHost host, TaskData task, int maxRows, int seed)
    {
        using var _ = NewDisposeScope();
        var (x, y, classes) = TrainSample(host, task, maxRows, seed);
        // Float64 throughout: in float32 a constant unit's class means miss its mean by rounding
        // (~1e-7 of its value), which divided by std + eps would give it a spurious separation.
        var onehot = nn.functional.one_hot(y, classes).to_type(ScalarType.Float64); // [n, classes]
        var counts = onehot.sum([0L]).unsqueeze(1);                                // [classes, 1]
        var present = (counts > 0).to_type(ScalarType.Float64);                    // [classes, 1]; a class absent from the sample has no mean
        var scores = new List<double>();
        using (no_grad())
        {
            foreach (var hidden in host.Hidden(x))                                 // [n, width_l]
            {
                var a = hidden.to_type(ScalarType.Float64);
                var mean = a.mean([0]);                                            // [width_l]
                var std = a.std(0L, unbiased: false);                               // [width_l]
                var classMeans = onehot.t().matmul(a) / counts.clamp_min(1);       // [classes, width_l]
                var gap = (classMeans - mean).abs() * present;                     // [classes, width_l]; gaps are ≥ 0, so an absent class's 0 never wins the max
                var separation = gap.max(0L).values / (std + Eps);                  // [width_l]
                scores.AddRange(separation.data<double>().ToArray());
            }
        }
        return scores.ToArray();
    }

    /// <summary>Score on T minus the mean over distractors of the same score (T's alone when there are none).</summary>
    internal static double[] Contrast(double[] onTask, IReadOnlyList<double[]> onDistractors)
    {
        if (onDistractors.Count == 0) return (double[])onTask.Clone();
        return onTask.Select((s, u) => s - onDistractors.Average(d => d[u])).ToArray();
    }

    /// <summary>
    /// At most <paramref name="maxRows"/> of a task's train rows (a sample seeded by <paramref name="seed"/>
    /// when there are more, since the split is sorted by row and files may be sorted by class), as
    /// inputs [n, in], labels [n] (int64) and the class count. Checks the task fits the host.
    /// </summary>
    internal static (Tensor X, Tensor Y, int Classes) TrainSample(MlpHost host, TaskData task, int maxRows, int seed)
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
        var (xs, ys) = task.Take(rows);
        var x = tensor(xs.SelectMany(r => r).ToArray()).reshape(xs.Length, task.FeatureDim); // [n, in]
        var y = tensor(ys.Select(v => (long)v).ToArray());                                    // [n]
        return (x, y, task.ClassCount);
    }
}
