using Subx.Hosts;
using Subx.Observation;
using Subx.Tasks;
using static TorchSharp.torch;

namespace Subx.Extractors.Baselines;

/// <summary>
/// Gradient × activation, attribution patching's first-order estimate of what zero-ablating a unit
/// does to the loss (Nanda 2023; Syed et al. 2023). The host has no head for an arbitrary task, so
/// each task gets a fresh linear probe on the host's last hidden layer; with it frozen, every hidden
/// unit's score is the mean over examples of |∂loss/∂a · a|, on T minus on the distractors.
/// </summary>
public sealed class AttributionExtractor : IExtractor
{
    /// <inheritdoc />
    public string Name => "attribution";
    /// <inheritdoc />
    public string Description => "mean |gradient × activation| under a linear probe per task, on T minus on distractors";

    /// <summary>Train rows read per task at most (a seeded sample when the split has more).</summary>
    public int MaxRows { get; init; } = 2000;
    /// <summary>Full-batch Adam steps that fit each task's probe.</summary>
    public int ProbeSteps { get; init; } = 200;
    /// <summary>Adam learning rate of the probe.</summary>
    public double ProbeLearningRate { get; init; } = 0.05;

    /// <inheritdoc />
    public ExtractionResult Extract(ExtractionRequest request, IProgress<double>? progress = null)
    {
        var scores = Scores(request, progress);
        return new ExtractionResult(scores, Selection.Pick(request, scores));
    }

    /// <summary>Per-unit scores in unit-space order: attribution on T minus the mean attribution on the distractors.</summary>
    public double[] Scores(ExtractionRequest request, IProgress<double>? progress = null) =>
        TaskContrast.Scores(request, t => Attribution(request.Host, t, request.Seed), progress);

    /// <summary>Rows per forward and backward pass (bounds memory, not results).</summary>
    public int Chunk { get; init; } = 64;

    /// <summary>Mean over a sample of the task's train rows of |∂loss/∂a_u · a_u| for every unit, under a probe fitted to the task.</summary>
    public double[] Attribution(IHost host, TaskData task, int seed)
    {
        using var _ = NewDisposeScope();
        var (x, y, classes) = UnitStats.TrainSample(host, task, MaxRows, seed);
        var (weight, bias) = FitProbe(host, x, y, classes, seed);

        // One gate per example and unit, all ones: ∂loss/∂gate[n, u] = ∂loss/∂a[n, u] · a[n, u], the
        // per-example attribution, with every downstream layer's dependence on the unit included.
        var total = zeros(host.Units.Count, dtype: ScalarType.Float64);
        for (long start = 0; start < x.Rows; start += Chunk)
        {
            using var chunkScope = NewDisposeScope();
            long n = Math.Min(Chunk, x.Rows - start);
            var gates = ones(n, host.Units.Count).requires_grad_(true);                       // [n, units]
            var logits = nn.functional.linear(host.Represent(x.Narrow(start, n), gates), weight, bias); // [n, classes]
            // Summed, not averaged: each example's gradient is then its own loss's gradient.
            nn.functional.cross_entropy(logits, y.narrow(0, start, n), reduction: nn.Reduction.Sum).backward();
            total.add_(gates.grad!.abs().sum([0L]).to_type(ScalarType.Float64), Held.One);
        }
        return total.DividedBy(x.Rows).data<double>().ToArray();
    }

    /// <summary>A linear readout [classes, D], [classes] of the host's representation, fitted and returned frozen.</summary>
    private (Tensor Weight, Tensor Bias) FitProbe(IHost host, HostInputs x, Tensor y, int classes, int seed)
    {
        Tensor features;
        using (no_grad()) features = UnitStats.Chunked(x, Chunk, v => host.Represent(v));        // [n, D]
        return Scoring.WholeModelProbe.Fit(features, y, classes, ProbeSteps, ProbeLearningRate, seed);
    }
}
