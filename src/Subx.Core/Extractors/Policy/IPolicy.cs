using Subx.Observation;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Subx.Extractors.Policy;

/// <summary>A stochastic subnet policy: one keep-logit per unit, from an observation. Trained by <c>Training.Reinforce</c>.</summary>
public interface IPolicy
{
    /// <summary>
    /// Whether <see cref="Logits"/> reads the observation's tokens. A blind policy (rl-unit's) is given
    /// <see cref="ObservationBuilder.Blind"/> instead, which costs nothing; on a BERT the activation
    /// statistics take seconds a task.
    /// </summary>
    bool ReadsObservation => true;

    /// <summary>Keep-logits [units], differentiable with respect to <see cref="Parameters"/>.</summary>
    Tensor Logits(UnitObservation observation);

    /// <summary>Every trainable tensor by a stable name (checkpoints use these names).</summary>
    IReadOnlyList<(string Name, Parameter Value)> Parameters { get; }
}
