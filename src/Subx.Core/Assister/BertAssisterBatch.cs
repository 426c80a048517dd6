using Subx.Hosts;
using Subx.Hosts.Bert;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Subx.Assister;

/// <summary>
/// B text assister models around a BERT host, trained side by side. Model j: M's frozen token and
/// position embeddings (cached per task, see <see cref="BertHost.Inputs"/>) → a residual adapter
/// x + x·A_jᵀ + c_j with A_j small at start, so the subnet still receives M's embedding space →
/// the transplanted subnet: every layer of M keeping only subnet j's heads and neurons, with M's
/// LayerNorms and output biases → mean pooling over tokens → a linear head (zero at start).
/// The transplant is physical, not a mask: a layer's kept heads and neurons are gathered into
/// smaller matrices (padded to the largest count in the batch), so a 5% subnet costs about 5% of M.
/// </summary>
public sealed class BertAssisterBatch : IAssisterBatch
{
    /// <summary>Standard deviation of BERT's initializer (the re-initialised control draws from it).</summary>
    public const double BertInitStd = 0.02;

    private readonly BertHost _host;
    private readonly int _maxClasses;
    private readonly Tensor _adapterW, _adapterB;       // [B, d, d], [B, 1, d]
    private readonly SlicedLayer[] _layers;
    private readonly Tensor _headW, _headB, _classMask; // [B, K, d], [B, 1, K], [B, 1, K]
    private readonly List<Tensor> _owned = [];

    /// <summary>One layer's kept units for every model: gathered weights padded to the batch's largest count.</summary>
    private sealed record SlicedLayer(
        int HeadSlots, Tensor Wq, Tensor Bq, Tensor Wk, Tensor Bk, Tensor Wv, Tensor Bv, Tensor Wo, Tensor HeadMask, // [B, s·dh, d], [B, 1, s·dh] …, Wo [B, d, s·dh], mask [B, 1, s·dh]
        int NeuronSlots, Tensor W1, Tensor B1, Tensor W2, Tensor NeuronMask);                                        // [B, s, d], [B, 1, s], [B, d, s], [B, 1, s]

    /// <summary>Builds one assister model per spec: M's frozen embeddings, a random adapter, the spec's heads and neurons as transformer blocks with M's LayerNorms, and a zero head, each from its own seeded generator.</summary>
    public BertAssisterBatch(BertHost host, IReadOnlyList<AssisterSpec> specs, AssisterConfig config)
    {
        using var scope = NewDisposeScope();
        _host = host;
        var c = host.Config;
        int d = c.Hidden, dh = c.HeadDim, count = specs.Count;
        _maxClasses = specs.Max(s => s.Classes);
        var gens = specs.Select(s => new Generator((ulong)s.Seed)).ToArray();
        Tensor Stack(Func<int, Tensor> make) => stack(Enumerable.Range(0, count).Select(make).ToArray());

        // Drawn in a fixed order per model (adapter, then each layer's re-initialised slices, then the head).
        _adapterW = new Parameter(Stack(j => randn(new long[] { d, d }, generator: gens[j]).Times(config.AdapterNoise / Math.Sqrt(d))));
        _adapterB = new Parameter(zeros(count, 1, d));

        _layers = new SlicedLayer[c.Layers];
        for (int l = 0; l < c.Layers; l++)
        {
            var w = host.Layers[l];
            int offset = l * host.UnitsPerLayer;
            var heads = specs.Select(s => Enumerable.Range(0, c.Heads).Where(h => s.Subnet.Contains(offset + h)).ToArray()).ToArray();
            var neurons = specs.Select(s => Enumerable.Range(0, c.Intermediate).Where(i => s.Subnet.Contains(offset + c.Heads + i)).ToArray()).ToArray();
            int hs = heads.Max(h => h.Length), ns = neurons.Max(n => n.Length);

            Tensor HeadRows(Tensor weight, int j) => Rows(weight, heads[j].SelectMany(h => Enumerable.Range(h * dh, dh)).ToArray(), hs * dh); // [hs·dh, …]
            Tensor Fresh(int j, long rows, long cols, int slots, int kept) => // BERT's N(0, 0.02) for kept rows, zero padding
                cat([randn(new long[] { rows * kept / Math.Max(slots, 1), cols }, generator: gens[j]).Times(BertInitStd), zeros(rows - rows * kept / Math.Max(slots, 1), cols)], 0);
            Tensor Pick(int j, Func<Tensor> fromHost, Func<Tensor> fresh) => specs[j].ReinitializeSubnet ? fresh() : fromHost();

            var wq = Stack(j => Pick(j, () => HeadRows(w.Wq, j), () => Fresh(j, hs * dh, d, hs, heads[j].Length)));
            var wk = Stack(j => Pick(j, () => HeadRows(w.Wk, j), () => Fresh(j, hs * dh, d, hs, heads[j].Length)));
            var wv = Stack(j => Pick(j, () => HeadRows(w.Wv, j), () => Fresh(j, hs * dh, d, hs, heads[j].Length)));
            var wo = Stack(j => Pick(j, () => HeadRows(w.Wo.t(), j), () => Fresh(j, hs * dh, d, hs, heads[j].Length))).transpose(1, 2).contiguous(); // [B, d, hs·dh]
            var bq = Stack(j => Pick(j, () => HeadRows(w.Bq.unsqueeze(1), j), () => zeros(hs * dh, 1)).t());
            var bk = Stack(j => Pick(j, () => HeadRows(w.Bk.unsqueeze(1), j), () => zeros(hs * dh, 1)).t());
            var bv = Stack(j => Pick(j, () => HeadRows(w.Bv.unsqueeze(1), j), () => zeros(hs * dh, 1)).t());
            var headMask = Stack(j => Mask(heads[j].Length * dh, hs * dh));
            var w1 = Stack(j => Pick(j, () => Rows(w.W1, neurons[j], ns), () => Fresh(j, ns, d, ns, neurons[j].Length)));
            var b1 = Stack(j => Pick(j, () => Rows(w.B1.unsqueeze(1), neurons[j], ns), () => zeros(ns, 1)).t());
            var w2 = Stack(j => Pick(j, () => Rows(w.W2.t(), neurons[j], ns), () => Fresh(j, ns, d, ns, neurons[j].Length))).transpose(1, 2).contiguous(); // [B, d, ns]
            var neuronMask = Stack(j => Mask(neurons[j].Length, ns));
            if (config.FineTuneSubnet)
            {
                (wq, wk, wv, wo, bq, bk, bv) = (new Parameter(wq), new Parameter(wk), new Parameter(wv), new Parameter(wo), new Parameter(bq), new Parameter(bk), new Parameter(bv));
                (w1, b1, w2) = (new Parameter(w1), new Parameter(b1), new Parameter(w2));
            }
            _layers[l] = new SlicedLayer(hs, wq, bq, wk, bk, wv, bv, wo, headMask, ns, w1, b1, w2, neuronMask);
            _owned.AddRange([wq, bq, wk, bk, wv, bv, wo, headMask, w1, b1, w2, neuronMask]);
        }

        _headW = new Parameter(Stack(j => Init.LinearDefault(_maxClasses, d, gens[j]).Times(config.HeadInitScale)));
        _headB = new Parameter(zeros(count, 1, _maxClasses));
        _classMask = Stack(j => tensor(Enumerable.Range(0, _maxClasses).Select(k => k < specs[j].Classes ? 0f : -1e9f).ToArray()).unsqueeze(0));
        _owned.AddRange([_adapterW, _adapterB, _headW, _headB, _classMask]);
        foreach (var t in _owned) t.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public int Count => (int)_adapterW.shape[0];

    /// <inheritdoc />
    public IEnumerable<Parameter> AssisterParameters => new[] { _adapterW, _adapterB, _headW, _headB }.Cast<Parameter>();

    /// <inheritdoc />
    public IEnumerable<Parameter> SubnetParameters => _layers.SelectMany(l => new[] { l.Wq, l.Bq, l.Wk, l.Bk, l.Wv, l.Bv, l.Wo, l.W1, l.B1, l.W2 }).OfType<Parameter>();

    /// <inheritdoc />
    public Tensor Logits(HostInputs x)
    {
        var pooled = Pooled(x);                                                         // [B, n, d]
        return pooled.matmul(_headW.transpose(1, 2)).Plus(_headB).Plus(_classMask);   // [B, n, K]
    }

    /// <summary>The transplanted subnet's mean-pooled output [B, n, d] for stacked inputs X [B, n, T, d], mask [B, n, T].</summary>
    public Tensor Pooled(HostInputs x)
    {
        var c = _host.Config;
        var mask = x.Mask ?? throw new ArgumentException("text inputs need an attention mask");
        long b = x.X.shape[0], n = x.X.shape[1], t = x.X.shape[2];
        int d = c.Hidden, dh = c.HeadDim;
        var h = x.X.reshape(b, n * t, d);                                                // [B, nT, d]
        h = h.Plus(h.matmul(_adapterW.transpose(1, 2))).Plus(_adapterB);     // residual adapter
        var maskF = mask.to_type(ScalarType.Float32);
        var scoreBias = maskF.SubtractedFrom(1).Times(BertHost.MaskedScore).view(b, n, 1, 1, t);        // [B, n, 1, 1, T]
        for (int l = 0; l < _layers.Length; l++)
        {
            // Each layer's temporaries go when the layer is done (autograd keeps what it needs): without
            // this, a validation pass over long texts held every layer's activations at once.
            using var layerScope = NewDisposeScope();
            var s = _layers[l];
            var w = _host.Layers[l];
            Tensor attn;
            if (s.HeadSlots == 0) attn = w.Bo.expand(b, n * t, d);                       // no heads kept: only M's output bias
            else
            {
                Tensor Split(Tensor y) => y.view(b, n, t, s.HeadSlots, dh).permute(0, 1, 3, 2, 4); // [B, n, hs, T, dh]
                var q = Split(h.matmul(s.Wq.transpose(1, 2)).Plus(s.Bq));
                var k = Split(h.matmul(s.Wk.transpose(1, 2)).Plus(s.Bk));
                var v = Split(h.matmul(s.Wv.transpose(1, 2)).Plus(s.Bv));
                var att = nn.functional.softmax(q.matmul(k.transpose(3, 4)).DividedBy(Math.Sqrt(dh)).Plus(scoreBias), -1); // [B, n, hs, T, T]
                var z = att.matmul(v).permute(0, 1, 3, 2, 4).reshape(b, n * t, s.HeadSlots * dh) * s.HeadMask;
                attn = z.matmul(s.Wo.transpose(1, 2)).Plus(w.Bo);                      // [B, nT, d]
            }
            h = nn.functional.layer_norm(h.Plus(attn), [d], w.Ln1W, w.Ln1B, c.LayerNormEps);
            Tensor mlp;
            if (s.NeuronSlots == 0) mlp = w.B2.expand(b, n * t, d);
            else
            {
                var a = nn.functional.gelu(h.matmul(s.W1.transpose(1, 2)).Plus(s.B1)) * s.NeuronMask; // [B, nT, ns]
                mlp = a.matmul(s.W2.transpose(1, 2)).Plus(w.B2);
            }
            h = nn.functional.layer_norm(h.Plus(mlp), [d], w.Ln2W, w.Ln2B, c.LayerNormEps).MoveToOuterDisposeScope();
        }
        var m = maskF.view(b, n, t, 1);
        return (h.view(b, n, t, d) * m).sum(2) / m.sum(2).clamp_min(Held.One);             // [B, n, d]
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
    }

    /// <summary>The given rows of a [rows, cols] matrix, then zero rows up to <paramref name="slots"/>.</summary>
    private static Tensor Rows(Tensor matrix, int[] rows, int slots)
    {
        long cols = matrix.shape[1];
        var kept = rows.Length == 0 ? zeros(0, cols) : matrix.index_select(0, tensor(rows.Select(r => (long)r).ToArray()));
        return slots == rows.Length ? kept.clone() : cat([kept, zeros(slots - rows.Length, cols)], 0);
    }

    private static Tensor Mask(int kept, int slots) =>
        cat([ones(kept), zeros(slots - kept)]).unsqueeze(0);                            // [1, slots]
}
