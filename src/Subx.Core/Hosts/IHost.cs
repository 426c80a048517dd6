using Subx.Assister;
using Subx.Tasks;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Hosts;

/// <summary>The weight rows of a group of units of one layer, for weight sketches and magnitudes.</summary>
/// <param name="Positions">The units' positions in the unit space.</param>
/// <param name="Incoming">[k, a]: what each unit reads (flattened).</param>
/// <param name="Outgoing">[k, b]: what each unit writes (flattened), or null when the host's own heads are not read (an MLP's last layer).</param>
public sealed record UnitWeights(int[] Positions, Tensor Incoming, Tensor? Outgoing);

/// <summary>
/// A trained model M that subnets are extracted from. Everything downstream — observation, scorer,
/// baselines — sees the host only through these members, so an MLP and a BERT are used alike.
/// </summary>
public interface IHost
{
    /// <summary>A short description of the architecture, e.g. `mlp 24→112→112 relu`.</summary>
    string Description { get; }

    /// <summary>Every unit of the host, in a fixed order (layer by layer).</summary>
    UnitSpace Units { get; }

    /// <summary>Number of layers of units.</summary>
    int LayerCount { get; }

    /// <summary>Width of <see cref="Represent"/>'s output.</summary>
    int RepresentationWidth { get; }

    /// <summary>Throws a <see cref="SubxException"/> naming the task if this host cannot read its inputs.</summary>
    void CheckTask(TaskData task);

    /// <summary>The given rows of a task after the frozen encoder (features, or M's token embeddings).</summary>
    HostInputs Inputs(TaskData task, int[] rows);

    /// <summary>
    /// M's own representation of inputs [n, D] (an MLP's last hidden layer; a BERT's mean-pooled last
    /// hidden state), with each unit's output multiplied by its gate in <paramref name="gates"/> [n or 1, units].
    /// With <paramref name="fill"/> a unit with gate g writes g·its output + (1 − g)·its fill instead:
    /// <see cref="MeanOutputs"/> of some rows (mean-ablation), or <see cref="RowOutputs"/> of as many
    /// other rows as <paramref name="x"/> has, row k's for row k (resample-ablation).
    /// </summary>
    Tensor Represent(HostInputs x, Tensor? gates = null, Tensor? fill = null);

    /// <summary>
    /// What every unit writes on intact M, averaged over the rows of <paramref name="x"/>: the fill that
    /// <see cref="Represent"/> writes in an ablated unit's place. An MLP's is [1, units]. A BERT's is
    /// [3, layers · (heads · head width + neurons)], one row per token role — the first token ([CLS]), the
    /// last real one ([SEP]) and the others — since a unit can write something quite different at the
    /// special tokens, and their mean spread over every token would be an input M never sees.
    /// </summary>
    Tensor MeanOutputs(HostInputs x);

    /// <summary>
    /// <see cref="MeanOutputs"/> for each row of <paramref name="x"/> apart: what every unit writes on
    /// intact M on that row (an MLP's [n, units]; a BERT's [n, 3, width], the row's own mean by token role).
    /// </summary>
    Tensor RowOutputs(HostInputs x);

    /// <summary>Every unit's activation per example [n, units] (an MLP neuron's output; for a BERT, pooled over tokens).</summary>
    Tensor UnitActivations(HostInputs x);

    /// <summary>The input features [n, f] the first layer reads, if they are meaningful per dimension (an MLP's); else null.</summary>
    Tensor? InputFeatures(HostInputs x);

    /// <summary>The weight rows of every unit, in groups (cached by the host).</summary>
    IReadOnlyList<UnitWeights> WeightGroups();

    /// <summary>
    /// Connection strengths ≥ 0 into the units of a layer: [units of layer l, units of layer l − 1], or
    /// for layer 0 [units of layer 0, input features] (null if the inputs are not features).
    /// </summary>
    Tensor? Wiring(int layer);

    /// <summary>B assister models around this host (one per spec), trained side by side.</summary>
    IAssisterBatch CreateAssister(IReadOnlyList<AssisterSpec> specs, AssisterConfig config);
}
