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

    /// <summary>Mean over a sample of the task's train rows of |∂loss/∂a_u · a_u| for every hidden unit, under a probe fitted to the task.</summary>
    public double[] Attribution(MlpHost host, TaskData task, int seed)
    {
        using var _ = NewDisposeScope();
        var (x, y, classes) = UnitStats.TrainSample(host, task, MaxRows, seed);
        var (weight, bias) = FitProbe(host, x, y, classes, seed);

        // One gate per example and unit, all ones: ∂loss/∂gate[n, u] = ∂loss/∂a[n, u] · a[n, u], the
        // per-example attribution, with every downstream layer's dependence on the unit included.
        var gates = new Tensor[host.Widths.Length];
        var h = x;
        for (int l = 0; l < host.Widths.Length; l++)
        {
            gates[l] = ones(x.shape[0], host.Widths[l]).requires_grad_(true);            // [n, width_l]
            h = nn.functional.relu(nn.functional.linear(h, host.Weights[l], host.Biases[l])) * gates[l];
        }
        var logits = nn.functional.linear(h, weight, bias);                              // [n, classes]
        // Summed, not averaged: each example's gradient is then its own loss's gradient.
        var loss = nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum);
        loss.backward();
        return gates.SelectMany(g => g.grad!.abs().mean([0]).to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();
    }

    /// <summary>A linear readout [classes, width_last], [classes] of the last hidden layer, fitted by full-batch Adam and returned frozen.</summary>
    private (Tensor Weight, Tensor Bias) FitProbe(MlpHost host, Tensor x, Tensor y, int classes, int seed)
    {
        Tensor features;
        using (no_grad()) features = host.Hidden(x)[^1];                                 // [n, width_last]
        int width = host.Widths[^1];
        var gen = new Generator((ulong)seed);
        double bound = 1.0 / Math.Sqrt(width); // PyTorch's Linear default init, as in Zoo
        var weight = new TorchSharp.Modules.Parameter((rand(new long[] { classes, width }, generator: gen) * 2 - 1) * bound);
        var bias = new TorchSharp.Modules.Parameter(zeros(classes));
        var opt = optim.Adam([weight, bias], lr: ProbeLearningRate);
        for (int step = 0; step < ProbeSteps; step++)
        {
            using var stepScope = NewDisposeScope();
            opt.zero_grad();
            nn.functional.cross_entropy(nn.functional.linear(features, weight, bias), y).backward();
            opt.step();
        }
        return (weight.detach(), bias.detach());
    }
}
