using System.Globalization;
using System.Text.Json.Nodes;

namespace Subx.Hosts.Bert;

/// <summary>The shape of a BERT-family encoder (names as in Hugging Face's <c>config.json</c>).</summary>
public sealed record BertConfig
{
    /// <summary>LayerNorm epsilon of BERT checkpoints (a fact of the architecture, not a tuning knob).</summary>
    public const double BertLayerNormEps = 1e-12;

    /// <summary>Number of transformer layers.</summary>
    public required int Layers { get; init; }
    /// <summary>Width of the residual stream.</summary>
    public required int Hidden { get; init; }
    /// <summary>Attention heads per layer.</summary>
    public required int Heads { get; init; }
    /// <summary>MLP hidden neurons per layer.</summary>
    public required int Intermediate { get; init; }
    /// <summary>Vocabulary size.</summary>
    public required int VocabSize { get; init; }
    /// <summary>Learned position embeddings (the longest input, in tokens).</summary>
    public required int MaxPositions { get; init; }
    /// <summary>Token-type (segment) embeddings.</summary>
    public int TypeVocabSize { get; init; } = 2;
    /// <summary>LayerNorm epsilon.</summary>
    public double LayerNormEps { get; init; } = BertLayerNormEps;

    /// <summary>Width of one head.</summary>
    public int HeadDim => Hidden / Heads;

    /// <summary>Host parameters that belong to one head: its query, key and value rows with biases, and its output columns.</summary>
    public long HeadParameters => 4L * Hidden * HeadDim + 3L * HeadDim;

    /// <summary>Host parameters that belong to one MLP neuron: its input row and bias, and its output column.</summary>
    public long NeuronParameters => 2L * Hidden + 1;

    /// <summary>Checks the numbers fit together.</summary>
    public void Validate(string where)
    {
        void Positive(string field, int v) { if (v <= 0) throw SubxException.Bad(where, field, "a positive integer", v.ToString(CultureInfo.InvariantCulture)); }
        Positive("num_hidden_layers", Layers); Positive("hidden_size", Hidden); Positive("num_attention_heads", Heads);
        Positive("intermediate_size", Intermediate); Positive("vocab_size", VocabSize); Positive("max_position_embeddings", MaxPositions);
        Positive("type_vocab_size", TypeVocabSize);
        if (Hidden % Heads != 0)
            throw SubxException.Bad(where, "num_attention_heads", $"a divisor of hidden_size {Hidden}", Heads.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Reads a Hugging Face <c>config.json</c>.</summary>
    public static BertConfig ReadJson(string path)
    {
        if (!File.Exists(path)) throw SubxException.Bad(path, "file", "a Hugging Face config.json", "no such file");
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(path))!.AsObject(); }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        { throw SubxException.Bad(path, "content", "a JSON object", $"invalid JSON ({e.Message})"); }
        int Int(string key, int? fallback = null)
        {
            var node = json[key];
            if (node is null)
                return fallback ?? throw SubxException.Bad(path, key, "an integer", "no such field");
            try { return node.GetValue<int>(); }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            { throw SubxException.Bad(path, key, "an integer", node.ToJsonString()); }
        }
        string act = json["hidden_act"]?.GetValue<string>() ?? "gelu";
        if (act != "gelu") throw SubxException.Bad(path, "hidden_act", "\"gelu\" (exact GELU, as BERT uses)", $"\"{act}\"");
        string? type = json["model_type"]?.GetValue<string>();
        if (type is not null && type != "bert") throw SubxException.Bad(path, "model_type", "\"bert\"", $"\"{type}\"");
        var config = new BertConfig
        {
            Layers = Int("num_hidden_layers"), Hidden = Int("hidden_size"), Heads = Int("num_attention_heads"),
            Intermediate = Int("intermediate_size"), VocabSize = Int("vocab_size"), MaxPositions = Int("max_position_embeddings"),
            TypeVocabSize = Int("type_vocab_size", 2),
            LayerNormEps = json["layer_norm_eps"]?.GetValue<double>() ?? BertLayerNormEps,
        };
        config.Validate(path);
        return config;
    }

    /// <summary>The config as Hugging Face writes it for a BertModel.</summary>
    public JsonObject ToJson() => new()
    {
        ["architectures"] = new JsonArray("BertModel"),
        ["model_type"] = "bert",
        ["hidden_act"] = "gelu",
        ["hidden_size"] = Hidden,
        ["num_hidden_layers"] = Layers,
        ["num_attention_heads"] = Heads,
        ["intermediate_size"] = Intermediate,
        ["vocab_size"] = VocabSize,
        ["max_position_embeddings"] = MaxPositions,
        ["type_vocab_size"] = TypeVocabSize,
        ["layer_norm_eps"] = LayerNormEps,
    };
}
