using Subx.Observation;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Subx.Extractors.Policy;

/// <summary>
/// One free keep-logit per unit, blind to the observation: the non-amortised policy behind
/// `rl-unit`, which searches from scratch for every task.
/// </summary>
public sealed class IndependentPolicy : IPolicy
{
    private readonly Parameter _logits;

    /// <summary>One logit per unit, every one starting at the log-odds of <paramref name="initialKeepProbability"/>.</summary>
    public IndependentPolicy(int units, double initialKeepProbability)
    {
        // The filled tensor is a temporary: a scope frees it, and the parameter the policy keeps is detached from that scope.
        using var scope = NewDisposeScope();
        _logits = scope.Detach(new Parameter(Held.Full(units, Math.Log(initialKeepProbability / (1 - initialKeepProbability)))));
        Parameters = [("logits", _logits)];
    }

    /// <inheritdoc />
    public IReadOnlyList<(string Name, Parameter Value)> Parameters { get; }

    /// <inheritdoc />
    public bool ReadsObservation => false;

    /// <inheritdoc />
    public Tensor Logits(UnitObservation observation)
    {
        if (observation.Count != _logits.shape[0])
            throw new ArgumentException($"observation has {observation.Count} units; the policy has {_logits.shape[0]}");
        var logits = _logits.clone(); // a fresh tensor in the caller's scope; the parameter itself is never disposed by it
        GC.KeepAlive(this); // the parameter is held only through this policy: not finalized while clone reads it
        return logits;
    }
}
