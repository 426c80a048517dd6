using Subx.Hosts;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Assister;

/// <summary>
/// A subnet of an MLP host as a standalone model: for each hidden layer, the kept units' incoming
/// weights from the kept units of the layer below (all inputs for the first layer) and their biases.
/// Dropped units output zero in the host's masked forward, so this is exactly the host with the
/// subnet's complement ablated, restricted to the kept units.
/// </summary>
public sealed class MlpTransplant
{
    private MlpTransplant(int inputDim, long[][] kept, Tensor[] weights, Tensor[] biases)
    {
        InputDim = inputDim; Kept = kept; Weights = weights; Biases = biases;
    }

    /// <summary>Width of the input.</summary>
    public int InputDim { get; }
    /// <summary>Host indices of the kept units of each layer.</summary>
    public long[][] Kept { get; }
    /// <summary>Per layer [kept_l, kept_{l-1}] (inputs for l = 0).</summary>
    public Tensor[] Weights { get; }
    /// <summary>Per layer [kept_l].</summary>
    public Tensor[] Biases { get; }

    /// <summary>Cuts a subnet out of the host.</summary>
    public static MlpTransplant From(MlpHost host, Subnet subnet)
    {
        var kept = new long[host.Widths.Length][];
        for (int l = 0; l < host.Widths.Length; l++)
            kept[l] = host.Units.PositionsOf(l, UnitKind.Mlp).Where(subnet.Contains).Select(p => (long)host.Units[p].Id.Index).ToArray();
        var ws = new Tensor[kept.Length];
        var bs = new Tensor[kept.Length];
        for (int l = 0; l < kept.Length; l++)
        {
            var rows = tensor(kept[l]);
            var w = host.Weights[l].index_select(0, rows);
            ws[l] = l == 0 ? w : w.index_select(1, tensor(kept[l - 1]));
            bs[l] = host.Biases[l].index_select(0, rows);
        }
        return new MlpTransplant(host.InputDim, kept, ws, bs);
    }

    /// <summary>Hidden activations of each layer for x [n, inputs]: [n, kept_l].</summary>
    public Tensor[] Forward(Tensor x)
    {
        var outs = new Tensor[Weights.Length];
        var h = x;
        for (int l = 0; l < Weights.Length; l++)
            h = outs[l] = nn.functional.relu(nn.functional.linear(h, Weights[l], Biases[l]));
        return outs;
    }

    /// <summary>The tensors to save: `layers.l.weight`, `layers.l.bias`, and `layers.l.units` (host indices, as floats).</summary>
    public Dictionary<string, Tensor> ToTensors()
    {
        var d = new Dictionary<string, Tensor>();
        for (int l = 0; l < Weights.Length; l++)
        {
            d[$"layers.{l}.weight"] = Weights[l];
            d[$"layers.{l}.bias"] = Biases[l];
            d[$"layers.{l}.units"] = tensor(Kept[l].Select(i => (long)i).ToArray());
        }
        return d;
    }
}
