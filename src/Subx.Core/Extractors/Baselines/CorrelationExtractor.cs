using Subx.Hosts;
using Subx.Tasks;
using Subx.Observation;

namespace Subx.Extractors.Baselines;

/// <summary>
/// Activation–label separation: a unit scores high when its mean activation differs between T's
/// classes (in units of its own spread) and does not on the distractors. One forward pass per task,
/// no training: the cheapest task-aware baseline.
/// </summary>
public sealed class CorrelationExtractor : IExtractor
{
    /// <summary>Added to a unit's activation std so a dead unit (std 0, every class mean 0) separates by exactly 0.</summary>
    public const double Eps = UnitStats.Eps;

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
    public double[] Scores(ExtractionRequest request, IProgress<double>? progress = null) =>
        TaskContrast.Scores(request, t => Separation(request.Host, t, MaxRows, request.Seed), progress);

    /// <summary>
    /// separation(u) = max over classes c of |mean_c(a_u) − mean(a_u)| / (std(a_u) + eps) on a sample of
    /// the task's train rows, for every unit of every layer, in unit-space order (the SE reads the same numbers).
    /// </summary>
    public static double[] Separation(IHost host, TaskData task, int maxRows, int seed) =>
        UnitStats.Compute(host, task, maxRows, seed).Separation;
}
