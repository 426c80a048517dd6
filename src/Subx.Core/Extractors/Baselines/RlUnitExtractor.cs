using Subx.Extractors.Policy;
using Subx.Observation;
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
        var train = _options.Train with
        {
            Iterations = _options.RlUnitIterations,
            Distractors = Math.Min(_options.Train.Distractors, request.Distractors.Count),
            Reward = request.Reward,
            Seed = request.Seed,
        };
        var policy = new IndependentPolicy(request.Host.Units.Count, new PolicyConfig().InitialKeepProbability);
        var optimizer = new Adam(policy, _options.Train.LearningRate * 10); // one free logit per unit moves slowly at the SE's rate
        var target = new PoolTask(request.Task);
        var pool = new[] { target }.Concat(request.Distractors.Select(d => new PoolTask(d))).ToList();
        var rl = new Reinforce(policy, optimizer, new ObservationBuilder(request.Host), request.Scorer, train);
        rl.Run([target], pool, new TrainState(), (i, _) => progress?.Report((double)i / train.Iterations));
        using var _ = NewDisposeScope();
        var scores = policy.Parameters[0].Value.detach().data<float>().ToArray().Select(v => (double)v).ToArray();
        return new ExtractionResult(scores, Selection.Pick(request, scores, () => Subnet.Threshold(request.Host.Units, scores, 0)));
    }
}
