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
    /// weights file's `subx` metadata. The folder must be new, hold none of the files an export writes, or be
    /// an earlier export (<see cref="CheckFolder"/>); otherwise nothing is written. Returns the files written.
    /// </summary>
    public static string[] Write(IHost model, string dir, JsonObject about)
    {
        CheckFolder(dir);
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
    /// The largest absolute difference between what <paramref name="model"/> computes and what M computes
    /// with every unit outside <paramref name="subnet"/> zero-ablated, on <paramref name="rows"/> random
    /// inputs drawn from <paramref name="seed"/>: for a BERT, random token ids of random lengths, each
    /// model embedding them itself, compared on the mean-pooled last hidden state; for an MLP host, standard
    /// normal features, compared on the last hidden layer and every task's logits. How exactly a written
    /// model, read back, is the subnet.
    /// </summary>
    public static double MaxDifference(IHost host, Subnet subnet, IHost model, int rows = 32, int seed = 0)
    {
        Check(host, subnet);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var gen = new Generator((ulong)seed);
        var gates = subnet.Gates();
        static double Largest(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
        switch (host, model)
        {
            case (BertHost bert, BertHost other):
                const int tokens = 16;
                var ids = randint(bert.Config.VocabSize, new long[] { rows, tokens }, generator: gen);
                var lengths = randint(2, tokens + 1, new long[] { rows, 1 }, generator: gen);
                var mask = Held.Arange(tokens, ScalarType.Int64).unsqueeze(0).lt(lengths).to_type(ScalarType.Int64); // [rows, tokens]: each row's first `length` tokens
                return Largest(other.Represent(new HostInputs(other.Embed(ids), mask)), bert.Represent(new HostInputs(bert.Embed(ids), mask), gates));
            case (MlpHost mlp, MlpHost other):
                var x = randn(new long[] { rows, mlp.InputDim }, generator: gen);
                double largest = Largest(other.Represent(new HostInputs(x, null)), mlp.Represent(new HostInputs(x, null), gates));
                foreach (var head in mlp.Heads)
                    largest = Math.Max(largest, Largest(other.Logits(x, head.Task), mlp.Logits(x, head.Task, subnet.Mask)));
                return largest;
            default:
                throw new ArgumentException($"{model.Description} is not a model of {host.Description}", nameof(model));
        }
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


    /// <summary>The files an export writes into its folder, for either kind of host.</summary>
    public static readonly string[] Files =
        [BertHost.WeightsFile, BertHost.ConfigFile, BertHost.VocabFile, BertHost.TokenizerConfigFile, MlpHost.WeightsFile, MlpHost.ConfigFile];

    /// <summary>
    /// Fails unless <paramref name="dir"/> may take an export: it holds none of the files an export writes,
    /// or it is an earlier export (its weights file says so). A <see cref="SubxException"/> names the file
    /// that stands in the way; nothing is written.
    /// </summary>
    public static void CheckFolder(string dir)
    {
        if (!Directory.Exists(dir)) return;
        var present = Files.Select(f => Path.Combine(dir, f)).Where(File.Exists).ToArray();
        if (present.Length == 0) return;
        var weights = present.Where(f => Path.GetFileName(f) is BertHost.WeightsFile or MlpHost.WeightsFile).ToArray();
        if (weights.Length > 0 && weights.All(IsExport)) return;
        string blocker = weights.FirstOrDefault(f => !IsExport(f)) ?? present[0];
        throw SubxException.Bad(blocker, "(file)", "a folder that is new, empty of the files an export writes, or an earlier `subx export`",
            $"{(weights.Contains(blocker) ? "weights that no export wrote" : "a file of something else")}; choose another folder (nothing was written)");
    }

    /// <summary>Whether a weights file's `subx` metadata is an export's.</summary>
    private static bool IsExport(string weights)
    {
        try
        {
            return Safetensors.ReadMetadata(weights).TryGetValue(MetadataKey, out var json)
                && JsonNode.Parse(json) is JsonObject o && o["export"] is JsonValue v && v.TryGetValue<bool>(out var e) && e;
        }
        catch (Exception e) when (e is SubxException or System.Text.Json.JsonException) { return false; }
    }
}
