using Subx.Extractors.Policy;
using Subx.Hosts;
using TorchSharp;
using static TorchSharp.torch;

namespace Subx.Training;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) over a policy's named parameters, written out so that its whole state
/// (step, first and second moments) is plain named tensors that a checkpoint saves and restores
/// exactly.
/// </summary>
public sealed class Adam
{
    private readonly IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Value)> _params;
    private readonly Dictionary<string, Tensor> _m = new(), _v = new();

    /// <summary>Adam over every parameter of <paramref name="policy"/>, with zero moments and no step taken.</summary>
    public Adam(IPolicy policy, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _params = policy.Parameters;
        LearningRate = learningRate; Beta1 = beta1; Beta2 = beta2; Eps = eps;
        foreach (var (name, p) in _params)
        {
            _m[name] = zeros_like(p).DetachFromDisposeScope();
            _v[name] = zeros_like(p).DetachFromDisposeScope();
        }
    }

    /// <summary>Step size.</summary>
    public double LearningRate { get; set; }
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }
    /// <summary>Added to the root of the second moment.</summary>
    public double Eps { get; }
    /// <summary>Steps taken so far.</summary>
    public long Step { get; private set; }

    /// <summary>Clears every gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in _params) p.grad?.zero_();
    }

    /// <summary>One update from the current gradients.</summary>
    public void Update()
    {
        Step++;
        // Every number goes in as a Scalar held until the update ends, never as a double TorchSharp would turn
        // into a Scalar it leaves to the finalizer, which can free it under libtorch mid-call (ARCHITECTURE,
        // "Nothing is left to the finalizer").
        using Scalar beta1 = Beta1, beta2 = Beta2, keep1 = 1 - Beta1, keep2 = 1 - Beta2,
            bias1 = 1 - Math.Pow(Beta1, Step), bias2 = 1 - Math.Pow(Beta2, Step), eps = Eps, rate = LearningRate;
        using var _ = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, p) in _params)
        {
            var g = p.grad;
            if (g is null) continue;
            _m[name].mul_(beta1).add_(g, alpha: keep1);
            _v[name].mul_(beta2).addcmul_(g, g, value: keep2);
            var update = _m[name].div(bias1).div(_v[name].div(bias2).sqrt().add(eps, Held.One));
            p.sub_(update.mul(rate));
        }
    }

    /// <summary>The state as named tensors: `adam.m.NAME`, `adam.v.NAME`, and `adam.step`.</summary>
    public Dictionary<string, Tensor> State()
    {
        var d = new Dictionary<string, Tensor>();
        foreach (var (name, _) in _params) { d[$"adam.m.{name}"] = _m[name]; d[$"adam.v.{name}"] = _v[name]; }
        d["adam.step"] = tensor(new float[] { Step });
        return d;
    }

    /// <summary>Restores a state written by <see cref="State"/>.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> state, string where)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in _params)
        {
            _m[name].copy_(Safetensors.Expect(state, $"adam.m.{name}", p.shape, where));
            _v[name].copy_(Safetensors.Expect(state, $"adam.v.{name}", p.shape, where));
        }
        Step = (long)Safetensors.Expect(state, "adam.step", [1], where).item<float>();
    }
}
