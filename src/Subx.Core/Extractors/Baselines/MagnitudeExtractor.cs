using Subx.Hosts;
using static TorchSharp.torch;

namespace Subx.Extractors.Baselines;

/// <summary>
/// Weight magnitude: a unit's score is the norm of its incoming weights times the norm of its
/// outgoing weights (to the next layer, or to every head for the last layer). Task-blind: it
/// finds the units that matter to the host, not to T.
/// </summary>
public sealed class MagnitudeExtractor : IExtractor
{
    /// <inheritdoc />
    public string Name => "magnitude";
    /// <inheritdoc />
    public string Description => "‖incoming weights‖·‖outgoing weights‖ per unit (task-blind)";

    /// <inheritdoc />
    public ExtractionResult Extract(ExtractionRequest request, IProgress<double>? progress = null)
    {
        var scores = Scores(request.Host);
        return new ExtractionResult(scores, Selection.Pick(request, scores));
    }

    /// <summary>The per-unit magnitude scores, in unit-space order.</summary>
    public static double[] Scores(MlpHost host)
    {
        using var _ = NewDisposeScope();
        var scores = new List<double>();
        for (int l = 0; l < host.Widths.Length; l++)
        {
            var incoming = cat([host.Weights[l], host.Biases[l].unsqueeze(1)], 1).norm(1, false); // [width_l]
            var outgoing = l + 1 < host.Widths.Length
                ? host.Weights[l + 1].norm(0, false)                                           // [width_l]
                : cat(host.Heads.Select(h => h.Weight).ToArray(), 0).norm(0, false);
            scores.AddRange((incoming * outgoing).data<float>().ToArray().Select(v => (double)v));
        }
        return scores.ToArray();
    }
}
