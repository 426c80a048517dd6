using System.Text.Json.Nodes;
using Subx.Hosts;
using Subx.Hosts.Bert;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Assister;

/// <summary>
/// A subnet as a model of M's own shape, in M's own format: M with every unit outside the subnet
/// zeroed. A BERT head is zeroed in its query, key and value rows and biases and its output columns,
/// a BERT neuron in its input row, its bias and its output column, an MLP host's unit in its incoming
/// row, its bias and its outgoing column. A zeroed unit writes exactly nothing (a head whose values are
/// zero outputs zero, GELU(0) = ReLU(0) = 0), so the model computes what M computes with those units
/// zero-ablated, and whatever reads M's format reads it: a Hugging Face BertModel folder for a BERT
/// (Subx reads it back with `--host`), `host.json` + `host.safetensors` for an MLP host. The compact
/// form, only the kept units' weights, is <see cref="BertTransplant"/> and <see cref="MlpTransplant"/>.
/// </summary>
public static class SubnetModel
{
    /// <summary>The metadata key of the weights file that says an export wrote it (a JSON object).</summary>
    public const string MetadataKey = "subx";

    /// <summary>M with every unit outside <paramref name="subnet"/> zeroed (M's embeddings, LayerNorms and output biases as they are).</summary>
    public static BertHost Of(BertHost host, Subnet subnet) =>
        new(host.Name, host.Config, Weights(host, subnet), host.Tokenizer, $"{host.Name} with only a subnet's units");

    /// <summary>M with every unit outside <paramref name="subnet"/> zeroed (every task's head kept, the columns of zeroed last-layer units zeroed).</summary>
    public static MlpHost Of(MlpHost host, Subnet subnet)
    {
        Check(host, subnet);
        var keep = Enumerable.Range(0, host.Widths.Length).Select(l => Keep(host, subnet, l, UnitKind.Mlp)).ToArray(); // [width_l] each
        var weights = host.Weights.Select((w, l) => l == 0 ? w * keep[0].unsqueeze(1) : w * keep[l].unsqueeze(1) * keep[l - 1].unsqueeze(0)).ToArray();
        var biases = host.Biases.Select((b, l) => b * keep[l]).ToArray();
        var heads = host.Heads.Select(h => h with { Weight = h.Weight * keep[^1].unsqueeze(0) }).ToArray();
        return new MlpHost(host.InputDim, weights, biases, heads);
    }

    /// <summary>M with every unit outside <paramref name="subnet"/> zeroed, for either kind of host.</summary>
    public static IHost Of(IHost host, Subnet subnet) => host switch
    {
        BertHost bert => Of(bert, subnet),
        MlpHost mlp => Of(mlp, subnet),
        _ => throw new ArgumentException($"no subnet model for {host.Description}", nameof(host)),
    };

    /// <summary>
    /// Writes <paramref name="model"/> (from <see cref="Of(IHost, Subnet)"/>) into <paramref name="dir"/> in its
    /// host's format, each file atomically, with <paramref name="about"/> (plus `"export": true`) as the
    /// weights file's `subx` metadata. The folder must be new, empty, or an earlier export: the weights of
    /// anything else are not overwritten (a <see cref="SubxException"/> names the file, and nothing is written).
    /// Returns the files written.
    /// </summary>
    public static string[] Write(IHost model, string dir, JsonObject about)
    {
        string weights = Path.Combine(dir, model is BertHost ? BertHost.WeightsFile : MlpHost.WeightsFile);
        RefuseForeign(dir, weights);
        var meta = (JsonObject)about.DeepClone();
        meta["export"] = true;
        var metadata = new Dictionary<string, string> { [MetadataKey] = meta.ToJsonString() };
        switch (model)
        {
            case BertHost bert: return bert.SaveFolder(dir, metadata);
            case MlpHost mlp: return mlp.Save(dir, metadata);
            default: throw new ArgumentException($"no file format for {model.Description}", nameof(model));
        }
    }

    /// <summary>
    /// The largest absolute difference between <paramref name="model"/>'s representation and M's with
    /// every unit outside <paramref name="subnet"/> zero-ablated, on <paramref name="rows"/> random inputs
    /// drawn from <paramref name="seed"/> (random token ids of random lengths for a BERT, standard normal
    /// features for an MLP host): how exactly a written model, read back, is the subnet.
    /// </summary>
    public static double MaxDifference(IHost host, Subnet subnet, IHost model, int rows = 32, int seed = 0)
    {
        Check(host, subnet);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var gen = new Generator((ulong)seed);
        HostInputs x;
        if (host is BertHost bert)
        {
            const int tokens = 16;
            var ids = randint(bert.Config.VocabSize, new long[] { rows, tokens }, generator: gen);
            var lengths = randint(2, tokens + 1, new long[] { rows, 1 }, generator: gen);
            var mask = Held.Arange(tokens, ScalarType.Int64).unsqueeze(0).lt(lengths).to_type(ScalarType.Int64); // [rows, tokens]: each row's first `length` tokens
            x = new HostInputs(bert.Embed(ids), mask);
        }
        else if (host is MlpHost mlp) x = new HostInputs(randn(new long[] { rows, mlp.InputDim }, generator: gen), null);
        else throw new ArgumentException($"no random inputs for {host.Description}", nameof(host));
        var gates = tensor(subnet.Mask.Select(kept => kept ? 1f : 0f).ToArray(), [1, subnet.Mask.Count]);
        return (model.Represent(x) - host.Represent(x, gates)).abs().max().item<float>();
    }

    /// <summary>M's named weights with the units outside the subnet zeroed.</summary>
    private static Dictionary<string, Tensor> Weights(BertHost host, Subnet subnet)
    {
        Check(host, subnet);
        var result = host.NamedWeights();
        int dh = host.Config.HeadDim;
        for (int l = 0; l < host.Config.Layers; l++)
        {
            string p = $"encoder.layer.{l}.";
            var w = host.Layers[l];
            var rows = Keep(host, subnet, l, UnitKind.AttentionHead).repeat_interleave(dh, 0L); // [d]: head h's rows h·dh … (h+1)·dh
            var neurons = Keep(host, subnet, l, UnitKind.Mlp);                                   // [F]
            foreach (var (name, weight, bias) in new[] { ("query", w.Wq, w.Bq), ("key", w.Wk, w.Bk), ("value", w.Wv, w.Bv) })
            {
                result[p + $"attention.self.{name}.weight"] = weight * rows.unsqueeze(1);
                result[p + $"attention.self.{name}.bias"] = bias * rows;
            }
            result[p + "attention.output.dense.weight"] = w.Wo * rows.unsqueeze(0);
            result[p + "intermediate.dense.weight"] = w.W1 * neurons.unsqueeze(1);
            result[p + "intermediate.dense.bias"] = w.B1 * neurons;
            result[p + "output.dense.weight"] = w.W2 * neurons.unsqueeze(0);
        }
        return result;
    }

    /// <summary>1 for each kept unit of one kind in one layer, 0 for each other, by the unit's index in its layer.</summary>
    private static Tensor Keep(IHost host, Subnet subnet, int layer, UnitKind kind)
    {
        var positions = host.Units.PositionsOf(layer, kind);
        var keep = new float[positions.Length];
        foreach (int p in positions) keep[host.Units[p].Id.Index] = subnet.Contains(p) ? 1f : 0f;
        return tensor(keep);
    }

    private static void Check(IHost host, Subnet subnet)
    {
        if (subnet.Space.Count != host.Units.Count)
            throw new ArgumentException($"subnet has {subnet.Space.Count} units; the host has {host.Units.Count}", nameof(subnet));
    }

    /// <summary>Whether a weights file's `subx` metadata is an export's.</summary>
    private static bool IsExport(string json)
    {
        try { return JsonNode.Parse(json) is JsonObject o && o["export"] is JsonValue v && v.TryGetValue<bool>(out var e) && e; }
        catch (System.Text.Json.JsonException) { return false; }
    }

    /// <summary>Refuses a folder whose weights file an export did not write.</summary>
    private static void RefuseForeign(string dir, string weights)
    {
        if (!File.Exists(weights)) return;
        Dictionary<string, string> metadata;
        try { metadata = Safetensors.ReadMetadata(weights); }
        catch (SubxException) { metadata = []; }
        bool ours = metadata.TryGetValue(MetadataKey, out var json) && IsExport(json);
        if (!ours)
            throw SubxException.Bad(weights, "(file)", "no file, or one an earlier `subx export` wrote (the folder must be new, empty or an export)",
                "weights that no export wrote; choose another folder (nothing was written)");
    }
}
