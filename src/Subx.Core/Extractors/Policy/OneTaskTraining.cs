using Subx.Observation;
using Subx.Training;

namespace Subx.Extractors.Policy;

/// <summary>
/// RL on a single target task with the request's distractors: the SE's continued training before it
/// extracts, and `rl-unit`'s whole search. Same reward, sampler and scorer as training across tasks.
/// </summary>
internal static class OneTaskTraining
{
    public static void Run(IPolicy policy, Adam optimizer, ExtractionRequest request, TrainConfig settings, int iterations,
        ObservationBuilder observations, IProgress<double>? progress)
    {
        var train = Settings(request, settings, iterations);
        var target = new PoolTask(request.Task);
        var pool = new[] { target }.Concat(request.Distractors.Select(d => new PoolTask(d))).ToList();
        var rl = new Reinforce(policy, optimizer, observations, request.Scorer, train);
        rl.Run([target], pool, new TrainState(), (i, _) => progress?.Report((double)i / train.Iterations));
    }

    /// <summary>The settings <see cref="Run"/> trains with: <paramref name="settings"/> fitted to the request and its distractors.</summary>
    public static TrainConfig Settings(ExtractionRequest request, TrainConfig settings, int iterations) =>
        settings with
        {
            Iterations = iterations,
            Distractors = Math.Min(settings.Distractors, request.Distractors.Count),
            Reward = request.Reward,
            Seed = request.Seed,
            // Sampling around a size explores the subnets of the size that will be extracted.
            SampleSize = settings.SampleSize is null ? null : request.Size ?? settings.SampleSize,
        };
}
