using Subx.Extractors.Policy;
using Subx.Training;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Extractors.Baselines;

/// <summary>
/// Non-amortised RL: REINFORCE over one independent keep-logit per unit, on T alone, with the SE's
/// reward, sampler and fine-tuning budget — what the SE must beat by reading weights and data
/// instead of searching from scratch. Unit score: the final logit. Own threshold: p &gt; 0.5.
/// </summary>
public sealed class RlUnitExtractor(ExtractorOptions? options = null) : IExtractor
{
    private readonly ExtractorOptions _options = options ?? new ExtractorOptions();

    /// <inheritdoc />
    public string Name => "rl-unit";
    /// <inheritdoc />
    public string Description => $"REINFORCE over one logit per unit, {_options.RlUnitIterations} iterations on T (no amortisation)";

    /// <inheritdoc />
    public ExtractionResult Extract(ExtractionRequest request, IProgress<double>? progress = null)
    {
        var policy = new IndependentPolicy(request.Host.Units.Count, new PolicyConfig().InitialKeepProbability);
        var optimizer = new Adam(policy, _options.RlUnitLearningRate);
        OneTaskTraining.Run(policy, optimizer, request, _options.Train, _options.RlUnitIterations, new Observation.ObservationBuilder(request.Host), progress);
        using var _ = NewDisposeScope();
        var scores = policy.Parameters[0].Value.detach().data<float>().ToArray().Select(v => (double)v).ToArray();
        GC.KeepAlive(policy); // its parameter is held only through it: not finalized while detach reads it
        return new ExtractionResult(scores, Selection.Pick(request, scores, () => Subnet.Threshold(request.Host.Units, scores, 0)));
    }
}
