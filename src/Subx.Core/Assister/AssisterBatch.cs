using Subx.Hosts;
using Subx.Units;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Subx.Assister;

/// <summary>
/// B assister models around one MLP host, trained side by side with batched matrix products, so a
/// batch of fine-tunes uses every core. Model j: x → encoder (frozen) → adapter A_j (starts near I)
/// → the host's hidden layers with units outside subnet j zeroed (the subnet's weights; frozen
/// unless configured) → head_j → logits over its own classes. Every random number of model j comes
/// from its own seed, so a model trains the same alone or in any batch.
/// </summary>
public sealed class AssisterBatch : IAssisterBatch
{
    private readonly int _layers;
    private readonly int _maxClasses;
    private readonly Tensor _encoder;          // [d, d] fixed
    private readonly Tensor _adapterW, _adapterB; // [B, d, d], [B, 1, d]
    private readonly Tensor[] _w, _b;          // [B, out, in], [B, 1, out]
    private readonly Tensor[] _masks;          // [B, 1, width_l]
    private readonly Tensor[] _head;           // linear: W [B, K, H], b [B, 1, K]; hidden: W1, b1, W2, b2
    private readonly Tensor _classMask;        // [B, 1, K]: 0 for real classes, -1e9 for padding

    /// <summary>Builds one assister model per spec around its subnet of <paramref name="host"/>, each from its own seeded generator, stacked for batched training.</summary>
    public AssisterBatch(MlpHost host, IReadOnlyList<AssisterSpec> specs, AssisterConfig config)
    {
        using var scope = NewDisposeScope(); // frees the temporaries; the batch's own tensors move out below
        _layers = host.Widths.Length;
        int d = host.InputDim, count = specs.Count;
        _maxClasses = specs.Max(s => s.Classes);
        _encoder = Encoder(d, config);

        var gens = specs.Select(s => new Generator((ulong)s.Seed)).ToArray();
        // Each model's tensors are drawn from its own generator, in a fixed order, then stacked.
        Tensor Stack(Func<int, Tensor> make) => stack(Enumerable.Range(0, count).Select(make).ToArray());

        var identity = eye(d);
        _adapterW = new Parameter(Stack(j => identity.Plus(randn(new long[] { d, d }, generator: gens[j]).Times(config.AdapterNoise / Math.Sqrt(d)))));
        _adapterB = new Parameter(zeros(count, 1, d));

        _w = new Tensor[_layers]; _b = new Tensor[_layers]; _masks = new Tensor[_layers];
        int offset = 0;
        for (int l = 0; l < _layers; l++)
        {
            var hostW = host.Weights[l]; var hostB = host.Biases[l];
            int fanIn = (int)hostW.shape[1], width = host.Widths[l], layer = l, off = offset;
            _w[l] = Stack(j => specs[j].ReinitializeSubnet ? Init.LinearDefault(width, fanIn, gens[j]) : hostW.clone());
            _b[l] = Stack(j => (specs[j].ReinitializeSubnet ? zeros(width) : hostB.clone()).unsqueeze(0));
            if (config.FineTuneSubnet) { _w[l] = new Parameter(_w[l]); _b[l] = new Parameter(_b[l]); }
            _masks[l] = Stack(j => tensor(Enumerable.Range(off, width).Select(i => specs[j].Subnet.Contains(i) ? 1f : 0f).ToArray()).unsqueeze(0));
            offset += width;
        }
        int last = host.Widths[^1];
        _head = config.HeadHidden == 0
            ? [new Parameter(Stack(j => Init.LinearDefault(_maxClasses, last, gens[j]).Times(config.HeadInitScale))), new Parameter(zeros(count, 1, _maxClasses))]
            : [new Parameter(Stack(j => Init.LinearDefault(config.HeadHidden, last, gens[j]))), new Parameter(zeros(count, 1, config.HeadHidden)),
               new Parameter(Stack(j => Init.LinearDefault(_maxClasses, config.HeadHidden, gens[j]).Times(config.HeadInitScale))), new Parameter(zeros(count, 1, _maxClasses))];
        _classMask = Stack(j => tensor(Enumerable.Range(0, _maxClasses).Select(k => k < specs[j].Classes ? 0f : -1e9f).ToArray()).unsqueeze(0));
        _owned = [_encoder, _adapterW, _adapterB, .. _w, .. _b, .. _masks, .. _head, _classMask];
        foreach (var t in _owned) t.MoveToOuterDisposeScope();
    }

    private readonly Tensor[] _owned;

    /// <summary>Number of models in the batch.</summary>
    public int Count => (int)_adapterW.shape[0];

    /// <summary>Parameters trained at the assister's learning rate (adapter and head).</summary>
    public IEnumerable<Parameter> AssisterParameters => new[] { _adapterW, _adapterB }.Concat(_head).Cast<Parameter>();

    /// <summary>The subnet's weights; trainable only when the config fine-tunes the subnet.</summary>
    public IEnumerable<Parameter> SubnetParameters => _w.Concat(_b).OfType<Parameter>();

    /// <summary>Hidden activations of every layer for x [B, n, d] (the units outside each subnet are zero).</summary>
    public Tensor[] Hidden(Tensor x)
    {
        var h = x.matmul(_encoder.t());                                   // [B, n, d]
        h = h.matmul(_adapterW.transpose(1, 2)).Plus(_adapterB);           // [B, n, d]
        var outs = new Tensor[_layers];
        for (int l = 0; l < _layers; l++)
            h = outs[l] = nn.functional.relu(h.matmul(_w[l].transpose(1, 2)).Plus(_b[l])) * _masks[l]; // [B, n, width_l]
        return outs;
    }

    /// <inheritdoc />
    public Tensor Logits(HostInputs x) => Logits(x.X);

    /// <summary>Logits [B, n, K] for x [B, n, d]; padded classes get -1e9.</summary>
    public Tensor Logits(Tensor x)
    {
        var h = Hidden(x)[^1];
        if (_head.Length == 4)
            h = nn.functional.relu(h.matmul(_head[0].transpose(1, 2)).Plus(_head[1]));
        var (w, b) = _head.Length == 4 ? (_head[2], _head[3]) : (_head[0], _head[1]);
        return h.matmul(w.transpose(1, 2)).Plus(b).Plus(_classMask);
    }

    /// <summary>Frees every tensor of the batch.</summary>
    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
    }

    private static Tensor Encoder(int d, AssisterConfig config)
    {
        if (config.Encoder == EncoderKind.Identity) return eye(d);
        // A fixed rotation: the Q of a seeded Gaussian matrix's QR decomposition.
        var g = new Generator((ulong)config.EncoderSeed);
        var (q, _) = linalg.qr(randn(new long[] { d, d }, generator: g));
        return q;
    }
}
