using Subx.Hosts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Subx.Assister;

/// <summary>What one assister model in a batch holds: which units, whether their weights are the host's, and its seed.</summary>
public sealed record AssisterSpec(Units.Subnet Subnet, int Classes, int Seed, bool ReinitializeSubnet = false);

/// <summary>
/// B assister models (encoder → adapter → transplanted subnet → head) trained side by side in
/// batched tensors. Every random number of model j comes from its own seed, so a model trains the
/// same alone or in any batch.
/// </summary>
public interface IAssisterBatch : IDisposable
{
    /// <summary>Number of models in the batch.</summary>
    int Count { get; }

    /// <summary>Parameters trained at the assister's learning rate (adapter and head).</summary>
    IEnumerable<Parameter> AssisterParameters { get; }

    /// <summary>The subnet's weights; trainable only when the config fine-tunes the subnet.</summary>
    IEnumerable<Parameter> SubnetParameters { get; }

    /// <summary>Logits [B, n, K] for stacked inputs [B, n, …] (see <see cref="HostInputs.Stack"/>); padded classes get −1e9.</summary>
    Tensor Logits(HostInputs x);
}
