using Subx.Observation;
using Subx.Runs;
using Subx.Tasks;
using Subx.Training;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Extractors.Policy;

/// <summary>
/// The learned subnet extractor: a trained perceiver policy reads the observation of (host, T,
/// distractors) and gives every unit a keep-logit in one forward pass (zero-shot). With
/// <see cref="ExtractorOptions.ContinueIterations"/> it first continues training on T (the
/// proposal's "continue SE's training process"), without touching the saved run, and hands over the
/// zero-shot subnet instead when its own validation fine-tunes find the continued one clearly worse
/// (<see cref="ContinueCheck"/>). Own threshold: keep probability above 0.5. The learned gates it reads
/// are fitted under the request's seed (<see cref="ObservationBuilder"/>'s gate seed), so the zero-shot
/// subnet varies with the seed as much as that estimate does, and seed 0 reads training's own fits.
/// </summary>
public sealed class SeExtractor(ExtractorOptions? options = null) : IExtractor
{
    private readonly ExtractorOptions _options = options ?? new ExtractorOptions();

    /// <inheritdoc />
    public string Name => "se";
    /// <inheritdoc />
    public string Description => _options.ContinueIterations > 0
        ? $"trained perceiver SE, {_options.ContinueIterations} iterations of continued training on T, checked against its zero-shot subnet"
        : "trained perceiver SE, zero-shot (one forward pass)";

    /// <inheritdoc />
    public ExtractionResult Extract(ExtractionRequest request, IProgress<double>? progress = null)
    {
        if (_options.PolicyDir is null)
            throw SubxException.Bad("--extractor se", "--policy", "the run folder of a trained SE (`subx train --out RUN`)", "nothing");
        if (_options.ContinueIterations > 0) ContinueCheck.ValidateSeeds(_options.ContinueCheckSeeds); // before any work
        var (policy, info) = Checkpoint.LoadPolicy(_options.PolicyDir);
        // The gates come first, and on a BERT host they are most of the work before the first iteration of
        // continued training: they fill the bar's first half then (all of it zero-shot), so it moves from the start.
        // One builder throughout, so continued training's activation statistics serve the extraction too.
        // The gates are fitted under the extraction's seed (the training's were under the observation's, 0).
        var builder = new ObservationBuilder(request.Host, info.Observation, gateSeed: request.Seed, gateFits: _options.GateFits);
        TaskData[] tasks = [request.Task, .. request.Distractors];
        double gateShare = builder.GatesToFit(tasks) == 0 ? 0 : _options.ContinueIterations > 0 ? 0.5 : 1;
        if (gateShare > 0) builder.FitGates(tasks, Inline.Part(progress, 0, gateShare));
        if (_options.ContinueIterations == 0) return Pick(request, Read(policy, builder, request));
        var start = Pick(request, Read(policy, builder, request));
        var train = ContinueSettings(_options, request);
        // The rest of the bar in proportion to fine-tunes: training's samples on T and its distractors, then the check's two subnets.
        var run = OneTaskTraining.Settings(request, train, _options.ContinueIterations);
        double trainFineTunes = (double)run.Iterations * run.GroupSize * (1 + run.Distractors);
        double checkFineTunes = 2.0 * _options.ContinueCheckSeeds * (1 + request.Distractors.Count);
        double trained = gateShare + (1 - gateShare) * trainFineTunes / (trainFineTunes + checkFineTunes);
        OneTaskTraining.Run(policy, new Adam(policy, train.LearningRate), request, train, _options.ContinueIterations, builder,
            Inline.Part(progress, gateShare, trained));
        var end = Pick(request, Read(policy, builder, request));
        var check = ContinueCheck.Compare(request, start.Subnet, end.Subnet, _options.ContinueCheckSeeds, Inline.Part(progress, trained, 1));
        return (check.KeptStart ? start : end) with { ContinueCheck = check };
    }

    /// <summary>The policy's logit for every unit, in unit-space order (one forward pass).</summary>
    private static double[] Read(IPolicy policy, ObservationBuilder builder, ExtractionRequest request)
    {
        using var _ = NewDisposeScope();
        using var noGrad = no_grad();
        var observation = builder.Build(request.Task, request.Distractors);
        return policy.Logits(observation).data<float>().ToArray().Select(v => (double)v).ToArray();
    }

    private static ExtractionResult Pick(ExtractionRequest request, double[] scores) =>
        new(scores, Selection.Pick(request, scores, () => Subnet.Threshold(request.Host.Units, scores, 0)));

    /// <summary>
    /// The RL settings of continued training on a request: <see cref="ExtractorOptions.Train"/>'s, and with
    /// a size budget, subnets sampled around that size (every logit shifted by one constant,
    /// <see cref="TrainConfig.SampleSize"/>) at <see cref="ExtractorOptions.BudgetLearningRate"/>: the
    /// reward then ranks the units where the budget will cut, not around whatever size the policy
    /// keeps at its own threshold. Without a budget, as configured.
    /// </summary>
    public static TrainConfig ContinueSettings(ExtractorOptions options, ExtractionRequest request) => request.Size is double size
        ? options.Train with { SampleSize = size, LearningRate = options.BudgetLearningRate }
        : options.Train;
}
