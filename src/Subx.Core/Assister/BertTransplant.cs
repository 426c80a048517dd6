using Subx.Hosts.Bert;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Assister;

/// <summary>
/// A subnet of a BERT host as a standalone model, in Hugging Face's names: M's embeddings, and per
/// layer only the kept heads' query, key and value rows and output columns and the kept neurons'
/// rows and columns, with M's LayerNorms and output biases. The kept head and neuron indices are
/// stored beside them (`….attention.self.heads`, `….intermediate.neurons`), so the file says which
/// of M's units it holds. The text assister runs exactly these matrices (see BertAssisterBatch).
/// </summary>
public static class BertTransplant
{
    /// <summary>The standalone subnet's tensors by name.</summary>
    public static Dictionary<string, Tensor> ToTensors(BertHost host, Subnet subnet)
    {
        var c = host.Config;
        int dh = c.HeadDim;
        var all = host.NamedWeights();
        var result = all.Where(kv => kv.Key.StartsWith("embeddings.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        for (int l = 0; l < c.Layers; l++)
        {
            string p = $"encoder.layer.{l}.";
            var w = host.Layers[l];
            var heads = host.Units.PositionsOf(l, UnitKind.AttentionHead).Where(subnet.Contains).Select(i => (long)host.Units[i].Id.Index).ToArray();
            var neurons = host.Units.PositionsOf(l, UnitKind.Mlp).Where(subnet.Contains).Select(i => (long)host.Units[i].Id.Index).ToArray();
            var rows = tensor(heads.SelectMany(h => Enumerable.Range((int)h * dh, dh).Select(r => (long)r)).ToArray());
            var cols = tensor(neurons);
            result[p + "attention.self.heads"] = tensor(heads.Select(h => (long)h).ToArray());
            result[p + "attention.self.query.weight"] = w.Wq.index_select(0, rows); result[p + "attention.self.query.bias"] = w.Bq.index_select(0, rows);
            result[p + "attention.self.key.weight"] = w.Wk.index_select(0, rows); result[p + "attention.self.key.bias"] = w.Bk.index_select(0, rows);
            result[p + "attention.self.value.weight"] = w.Wv.index_select(0, rows); result[p + "attention.self.value.bias"] = w.Bv.index_select(0, rows);
            result[p + "attention.output.dense.weight"] = w.Wo.index_select(1, rows);
            result[p + "intermediate.neurons"] = tensor(neurons.Select(i => (long)i).ToArray());
            result[p + "intermediate.dense.weight"] = w.W1.index_select(0, cols); result[p + "intermediate.dense.bias"] = w.B1.index_select(0, cols);
            result[p + "output.dense.weight"] = w.W2.index_select(1, cols);
            foreach (var shared in new[] { "attention.output.dense.bias", "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias",
                                           "output.dense.bias", "output.LayerNorm.weight", "output.LayerNorm.bias" })
                result[p + shared] = all[p + shared];
        }
        return result;
    }
}
