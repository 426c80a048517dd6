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
    public static double[] Scores(IHost host) => host is MlpHost mlp ? Scores(mlp) : FromWeightGroups(host);

    /// <summary>‖incoming‖·‖outgoing‖ from the host's weight rows (a BERT head: its q, k, v rows and its output columns).</summary>
    private static double[] FromWeightGroups(IHost host)
    {
        using var _ = NewDisposeScope();
        var scores = new double[host.Units.Count];
        foreach (var g in host.WeightGroups())
        {
            var s = g.Incoming.norm(1, false) * (g.Outgoing is null ? ones(g.Positions.Length) : g.Outgoing.norm(1, false));
            var values = s.data<float>().ToArray();
            for (int i = 0; i < g.Positions.Length; i++) scores[g.Positions[i]] = values[i];
        }
        return scores;
    }

    /// <summary>An MLP's scores: the last layer's outgoing weights are the task heads'.</summary>
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
