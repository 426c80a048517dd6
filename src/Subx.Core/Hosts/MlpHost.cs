using System.Text.Json;
using System.Text.Json.Nodes;
using Subx.Assister;
using Subx.Runs;
using Subx.Tasks;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Hosts;

/// <summary>One output head of an MLP host: a linear readout of the last hidden layer for one task.</summary>
public sealed record MlpHead(string Task, Tensor Weight, Tensor Bias)
{
    /// <summary>Number of classes the head predicts.</summary>
    public int Classes => (int)Weight.shape[0];
}

/// <summary>
/// A multilayer perceptron host: inputs → hidden layers (ReLU) → one linear head per task.
/// Units are the hidden neurons, `layers.l.mlp[i]`; a unit's parameters are its incoming weights
/// and its bias. Weights are stored as PyTorch's Linear does: [out, in].
/// </summary>
public sealed class MlpHost : IHost
{
    /// <summary>File name of the weights inside a host folder.</summary>
    public const string WeightsFile = "host.safetensors";
    /// <summary>File name of the architecture description inside a host folder.</summary>
    public const string ConfigFile = "host.json";
    private const string Format = "subx-mlp-host";

    /// <summary>A host from its layers' weights [out, in] and biases, first layer first, and one linear head per task.</summary>
    public MlpHost(int inputDim, IReadOnlyList<Tensor> weights, IReadOnlyList<Tensor> biases, IReadOnlyList<MlpHead> heads)
    {
        if (weights.Count == 0 || weights.Count != biases.Count)
            throw new ArgumentException($"{weights.Count} weights and {biases.Count} biases; expected the same non-zero count");
        InputDim = inputDim;
        Weights = weights.ToArray();
        Biases = biases.ToArray();
        Heads = heads.ToArray();
        Widths = Weights.Select(w => (int)w.shape[0]).ToArray();
        Units = new UnitSpace(Enumerable.Range(0, Widths.Length).SelectMany(l =>
            Enumerable.Range(0, Widths[l]).Select(i => new UnitInfo(new UnitId(l, UnitKind.Mlp, i), (l == 0 ? inputDim : Widths[l - 1]) + 1))));
    }

    /// <summary>Width of the input.</summary>
    public int InputDim { get; }
    /// <summary>Width of each hidden layer.</summary>
    public int[] Widths { get; }
    /// <summary>Hidden layer weights, [width_l, width_{l-1}].</summary>
    public Tensor[] Weights { get; }
    /// <summary>Hidden layer biases, [width_l].</summary>
    public Tensor[] Biases { get; }
    /// <summary>One head per task.</summary>
    public MlpHead[] Heads { get; }
    /// <inheritdoc />
    public UnitSpace Units { get; }
    /// <inheritdoc />
    public string Description => $"mlp {InputDim}→{string.Join("→", Widths)} relu, {Heads.Length} heads";

    /// <inheritdoc />
    public int LayerCount => Widths.Length;

    /// <inheritdoc />
    public int RepresentationWidth => Widths[^1];

    /// <inheritdoc />
    public void CheckTask(TaskData task)
    {
        if (task.Features is null)
            throw SubxException.Bad($"task '{task.Name}'", "inputs", "feature vectors (an MLP host reads features)", "texts");
        if (task.FeatureDim != InputDim)
            throw SubxException.Bad($"task '{task.Name}'", "features", $"{InputDim} numeric features per row (the host's inputs)",
                task.FeatureDim.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public HostInputs Inputs(TaskData task, int[] rows)
    {
        CheckTask(task);
        return new HostInputs(task.FeaturesOf(rows), null); // [n, in]
    }

    /// <inheritdoc />
    public Tensor Represent(HostInputs x, Tensor? gates = null, Tensor? fill = null)
    {
        var h = x.X;
        int offset = 0;
        for (int l = 0; l < Widths.Length; l++)
        {
            h = nn.functional.relu(nn.functional.linear(h, Weights[l], Biases[l]));     // [n, width_l]
            if (gates is not null)
            {
                var g = gates.narrow(1, offset, Widths[l]);                             // [n or 1, width_l]
                h = fill is null ? h * g : (h * g).Plus(g.SubtractedFrom(1) * fill.narrow(1, offset, Widths[l]));
            }
            offset += Widths[l];
        }
        return h;
    }

    /// <inheritdoc />
    public Tensor MeanOutputs(HostInputs x) => UnitActivations(x).mean([0L], keepdim: true); // [1, units]

    /// <inheritdoc />
    public Tensor RowOutputs(HostInputs x) => UnitActivations(x);                    // [n, units]

    /// <inheritdoc />
    public Tensor UnitActivations(HostInputs x) => cat(Hidden(x.X), 1);                // [n, units]

    /// <inheritdoc />
    public Tensor? InputFeatures(HostInputs x) => x.X;

    private UnitWeights[]? _weightGroups;

    /// <inheritdoc />
    public IReadOnlyList<UnitWeights> WeightGroups() => _weightGroups ??= Enumerable.Range(0, Widths.Length).Select(l =>
        new UnitWeights(
            Enumerable.Range(Widths.Take(l).Sum(), Widths[l]).ToArray(),
            Weights[l],                                                              // [width_l, fan_in]
            // A cached view must outlive the caller's dispose scope.
            l + 1 < Widths.Length ? Weights[l + 1].t().DetachFromDisposeScope() : null)).ToArray(); // [width_l, width_{l+1}]

    /// <inheritdoc />
    public Tensor? Wiring(int layer) => Weights[layer].abs();                        // [width_l, width_{l-1} or in]

    /// <inheritdoc />
    public IAssisterBatch CreateAssister(IReadOnlyList<AssisterSpec> specs, AssisterConfig config) => new AssisterBatch(this, specs, config);

    /// <summary>The head for a task, or null.</summary>
    public MlpHead? HeadFor(string task) => Heads.FirstOrDefault(h => h.Task == task);

    /// <summary>
    /// Hidden activations of every layer for inputs x [n, in]; units whose <paramref name="keep"/>
    /// entry is false are zeroed (ablated), and downstream layers see the zeros.
    /// </summary>
    public Tensor[] Hidden(Tensor x, IReadOnlyList<bool>? keep = null)
    {
        var outs = new Tensor[Widths.Length];
        var h = x;
        int offset = 0;
        for (int l = 0; l < Widths.Length; l++)
        {
            var a = nn.functional.relu(nn.functional.linear(h, Weights[l], Biases[l])); // [n, width_l]
            if (keep is not null)
            {
                var m = tensor(Enumerable.Range(offset, Widths[l]).Select(i => keep[i] ? 1f : 0f).ToArray());
                a = a * m;
            }
            outs[l] = a;
            h = a;
            offset += Widths[l];
        }
        return outs;
    }

    /// <summary>Logits of one task's head for inputs x [n, in], with optional ablation.</summary>
    public Tensor Logits(Tensor x, string task, IReadOnlyList<bool>? keep = null)
    {
        var head = HeadFor(task) ?? throw new ArgumentException($"host has no head for task '{task}'");
        using var scope = NewDisposeScope();
        var hidden = Hidden(x, keep);
        return nn.functional.linear(hidden[^1], head.Weight, head.Bias).MoveToOuterDisposeScope(); // [n, classes]
    }

    /// <summary>Writes host.safetensors (with <paramref name="metadata"/>) and host.json into a folder, each atomically, weights first; returns their paths.</summary>
    public string[] Save(string dir, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Directory.CreateDirectory(dir);
        var tensors = new Dictionary<string, Tensor>();
        for (int l = 0; l < Widths.Length; l++)
        {
            tensors[$"layers.{l}.weight"] = Weights[l];
            tensors[$"layers.{l}.bias"] = Biases[l];
        }
        foreach (var h in Heads)
        {
            tensors[$"heads.{h.Task}.weight"] = h.Weight;
            tensors[$"heads.{h.Task}.bias"] = h.Bias;
        }
        Safetensors.Write(Path.Combine(dir, WeightsFile), tensors, metadata);
        AtomicFile.WriteAllText(Path.Combine(dir, ConfigFile), ConfigJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return [Path.Combine(dir, WeightsFile), Path.Combine(dir, ConfigFile)];
    }

    /// <summary>The architecture as host.json records it: inputs, hidden widths, activation, heads.</summary>
    public JsonObject ConfigJson() => new()
    {
        ["format"] = Format,
        ["version"] = 1,
        ["inputs"] = InputDim,
        ["hidden"] = new JsonArray(Widths.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
        ["activation"] = "relu",
        ["heads"] = new JsonArray(Heads.Select(h => (JsonNode)new JsonObject { ["task"] = h.Task, ["classes"] = h.Classes }).ToArray()),
    };

    /// <summary>Loads a host folder written by <see cref="Save"/>; every tensor is checked by name and shape.</summary>
    public static MlpHost Load(string dir)
    {
        string configPath = Path.Combine(dir, ConfigFile), weightsPath = Path.Combine(dir, WeightsFile);
        if (!Directory.Exists(dir)) throw new SubxException($"{dir}: host folder not found (expected a folder with {ConfigFile} and {WeightsFile}).");
        if (!File.Exists(configPath)) throw new SubxException($"{configPath}: file not found (expected the host's architecture).");
        JsonNode config;
        try { config = JsonNode.Parse(File.ReadAllText(configPath)) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw SubxException.Bad(configPath, "(file)", "JSON", $"invalid JSON ({e.Message})"); }
        string? format = config["format"]?.GetValue<string>();
        if (format != Format) throw SubxException.Bad(configPath, "format", $"'{Format}'", format is null ? "nothing" : $"'{format}'");
        // Fields that would change what the weights mean are checked, not assumed.
        if (config["version"] is { } version && version.ToJsonString() != "1")
            throw SubxException.Bad(configPath, "version", "1 (the only version of this format)", version.ToJsonString());
        if (config["activation"] is { } activation && activation.ToJsonString() != "\"relu\"")
            throw SubxException.Bad(configPath, "activation", "\"relu\" (the only activation MLP hosts run)", activation.ToJsonString());
        int inputs = config["inputs"]?.GetValue<int>() ?? throw SubxException.Bad(configPath, "inputs", "an integer", "nothing");
        int[] hidden = config["hidden"]?.AsArray().Select(n => n!.GetValue<int>()).ToArray() ?? throw SubxException.Bad(configPath, "hidden", "an array of widths", "nothing");
        var heads = config["heads"]?.AsArray() ?? throw SubxException.Bad(configPath, "heads", "an array", "nothing");

        var tensors = Safetensors.Read(weightsPath);
        var used = new HashSet<string>();
        Tensor Take(string name, params long[] shape)
        {
            var t = Safetensors.Expect(tensors, name, shape, weightsPath);
            used.Add(name);
            return t;
        }
        var ws = new List<Tensor>(); var bs = new List<Tensor>();
        for (int l = 0; l < hidden.Length; l++)
        {
            ws.Add(Take($"layers.{l}.weight", hidden[l], l == 0 ? inputs : hidden[l - 1]));
            bs.Add(Take($"layers.{l}.bias", hidden[l]));
        }
        var hs = new List<MlpHead>();
        foreach (var h in heads)
        {
            string task = h?["task"]?.GetValue<string>() ?? throw SubxException.Bad(configPath, "heads[].task", "a task name", "nothing");
            int classes = h["classes"]?.GetValue<int>() ?? throw SubxException.Bad(configPath, $"heads[{task}].classes", "an integer", "nothing");
            hs.Add(new MlpHead(task, Take($"heads.{task}.weight", classes, hidden[^1]), Take($"heads.{task}.bias", classes)));
        }
        var unused = tensors.Keys.Where(k => !used.Contains(k)).ToList();
        if (unused.Count > 0)
            throw SubxException.Bad(weightsPath, unused[0], $"only the tensors that {ConfigFile} describes", $"{unused.Count} unused tensor(s), first '{unused[0]}'");
        return new MlpHost(inputs, ws, bs, hs);
    }
}
