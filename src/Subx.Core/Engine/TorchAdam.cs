using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Subx.Engine;

/// <summary>
/// Adam as TorchSharp's optim.Adam computes it (no weight decay, no AMSGrad), op for op and so bit for bit
/// (HeldScalarsTests), with every number passed as a held Scalar: optim.Adam's step converts 1 − β₁,
/// 1 − β₂, ε and the step size into Scalars it leaves to the finalizer, and it runs on every step of every
/// fine-tune, learned mask and probe (<see cref="Held"/>). The SE's own optimizer is
/// <see cref="Training.Adam"/>, whose state a checkpoint saves.
/// </summary>
public sealed class TorchAdam : IDisposable
{
    private readonly Parameter[] _params;
    private readonly Tensor[] _m, _v;
    private readonly long[] _steps;
    private readonly double _beta1, _beta2, _eps;

    /// <summary>Adam over <paramref name="parameters"/>, with zero moments and no step taken.</summary>
    public TorchAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _params = [.. parameters];
        _m = [.. _params.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _v = [.. _params.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _steps = new long[_params.Length];
        LearningRate = learningRate; _beta1 = beta1; _beta2 = beta2; _eps = eps;
    }

    /// <summary>Step size; a schedule may change it between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>Zeroes every gradient in place (as optim.Adam's zero_grad does, rather than dropping them).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _params)
        {
            using var g = p.grad;
            g?.zero_();
        }
    }

    /// <summary>One update from the current gradients; a parameter without one is left alone.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using Scalar beta1 = _beta1, beta2 = _beta2, keep1 = 1 - _beta1, keep2 = 1 - _beta2, eps = _eps;
        for (int i = 0; i < _params.Length; i++)
        {
            var grad = _params[i].grad;
            if (grad is null) continue;
            long step = ++_steps[i];
            double bias1 = 1 - Math.Pow(_beta1, step), bias2 = 1 - Math.Pow(_beta2, step);
            _m[i].mul_(beta1).add_(grad, keep1);
            _v[i].mul_(beta2).addcmul_(grad, grad, keep2);
            using Scalar rootBias2 = Math.Sqrt(bias2), stepSize = -(LearningRate / bias1);
            var denom = _v[i].sqrt().div(rootBias2).add_(eps, Held.One);
            _params[i].addcdiv_(_m[i], denom, stepSize);
        }
    }

    /// <summary>Frees the moments.</summary>
    public void Dispose()
    {
        foreach (var t in _m.Concat(_v)) t.Dispose();
    }
}
