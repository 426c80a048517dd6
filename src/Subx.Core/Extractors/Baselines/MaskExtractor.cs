using Subx.Hosts;
using Subx.Tasks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Subx.Extractors.Baselines;

/// <summary>Settings of the learned-mask baseline. Defaults are the ones measured in docs/BENCHMARKS.md.</summary>
public sealed record MaskConfig
{
    /// <summary>Adam steps of joint gate and readout training.</summary>
    public int Steps { get; init; } = 1000;
    /// <summary>Training examples per step.</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>Adam learning rate of the gates' log α.</summary>
    public double GateLearningRate { get; init; } = 0.05;
    /// <summary>Adam learning rate of the readouts.</summary>
    public double ReadoutLearningRate { get; init; } = 0.01;
    /// <summary>Initial log α of every gate (3 ≈ 95% open: start from the whole host).</summary>
    public double InitialLogAlpha { get; init; } = 3.0;
    /// <summary>Multiplies b (the reward's size penalty) to give the sparsity penalty per unit of expected size, in nats.</summary>
    public double PenaltyScale { get; init; } = 0.5;
    /// <summary>Train rows per task the mask trains on at most (0 = all; a stratified subset otherwise).</summary>
    public int MaxRows { get; init; } = 0;
    /// <summary>Weight of the adversarial distractor term: how much the gates are pushed to hide the distractors from their readouts (0 = off).</summary>
    public double DistractorPenalty { get; init; } = 0.0;
}

/// <summary>
/// A learned hard-concrete (L0) mask over the host's units, trained by gradient jointly with a fresh
/// readout on T, with a sparsity penalty of b·E[size] (subnetwork probing, Cao et al. 2021;
/// Csordás et al. 2021; gates from Louizos et al. 2018). Optionally, readouts for the distractors
/// learn from the masked units while the gates are pushed to make them fail. Unit score: log α.
/// Own threshold: the deterministic gate is open (log α &gt; 0).
/// </summary>
public sealed class MaskExtractor(MaskConfig? config = null) : IExtractor
{
    // Hard-concrete stretch interval and temperature (Louizos et al. 2018, section 4).
    private const double Gamma = -0.1, Zeta = 1.1, Beta = 2.0 / 3.0;

    /// <summary>The settings in use.</summary>
    public MaskConfig Config { get; } = config ?? new MaskConfig();
    /// <inheritdoc />
    public string Name => "mask";
    /// <inheritdoc />
    public string Description => "learned hard-concrete (L0) unit mask with a readout on T, sparsity tied to b";

    /// <inheritdoc />
    public ExtractionResult Extract(ExtractionRequest request, IProgress<double>? progress = null)
    {
        var scores = Fit(request.Host, request.Task, Config.DistractorPenalty > 0 ? request.Distractors : [], Config,
            request.Reward.SizePenalty, request.Seed, progress);
        var subnet = Selection.Pick(request, scores, () => Units.Subnet.Threshold(request.Host.Units, scores, 0.0));
        return new ExtractionResult(scores, subnet);
    }

    /// <summary>
    /// Trains the gates on <paramref name="task"/> (with readouts for <paramref name="distractors"/> when
    /// <see cref="MaskConfig.DistractorPenalty"/> &gt; 0) and returns every unit's final log α, in
    /// unit-space order. The sparsity penalty is <paramref name="sizePenalty"/> (b) · <see cref="MaskConfig.PenaltyScale"/>
    /// per unit of expected size. Deterministic for a seed. The SE's observation reads the same numbers.
    /// </summary>
    public static double[] Fit(IHost host, TaskData task, IReadOnlyList<TaskData> distractors, MaskConfig config, double sizePenalty, int seed,
        IProgress<double>? progress = null)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad(); // also when called under no_grad (the SE builds its observation there)
        var space = host.Units;
        int units = space.Count, last = host.RepresentationWidth;
        var gen = new Generator((ulong)seed);
        var rng = new Random(seed);

        // Each unit's share of the host's unit parameters: the expected size is Σ P(open)·share.
        var share = tensor(space.Units.Select(u => (float)((double)u.ParameterCount / space.TotalParameters)).ToArray());
        var logAlpha = new Parameter(Held.Full(units, config.InitialLogAlpha));
        var tasks = new[] { task }.Concat(distractors).ToArray();
        var readouts = tasks.Select(t => (W: new Parameter(Init.LinearDefault(t.ClassCount, last, gen)), B: new Parameter(zeros(t.ClassCount)))).ToArray();
        using var gateOpt = new TorchAdam([logAlpha], config.GateLearningRate);
        using var readoutOpt = new TorchAdam(readouts.SelectMany(r => new[] { r.W, r.B }), config.ReadoutLearningRate);
        var data = tasks.Select(t =>
        {
            var rows = TaskSplits.Subset(t.Splits.Train, config.MaxRows);
            return (X: host.Inputs(t, rows), Y: t.LabelTensorOf(rows));
        }).ToArray();
        double lambda = sizePenalty * config.PenaltyScale;
        double logRatio = Math.Log(-Gamma / Zeta);

        for (int step = 0; step < config.Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            gateOpt.ZeroGrad();
            readoutOpt.ZeroGrad();
            Tensor loss = zeros(1);
            for (int t = 0; t < tasks.Length; t++)
            {
                var (x, y) = data[t];
                var idx = tensor(Enumerable.Range(0, config.BatchSize).Select(_ => (long)rng.Next((int)x.Rows)).ToArray());
                var gates = SampleGates(logAlpha, config.BatchSize, gen);      // [batch, units]
                var h = host.Represent(x.Select(idx), gates);                   // [batch, last]
                var target = y.index_select(0, idx);
                if (t == 0)
                {
                    loss = loss.Plus(nn.functional.cross_entropy(nn.functional.linear(h, readouts[0].W, readouts[0].B), target));
                }
                else
                {
                    // The distractor readout learns from the masked units (gates detached) ...
                    loss = loss.Plus(nn.functional.cross_entropy(nn.functional.linear(h.detach(), readouts[t].W, readouts[t].B), target));
                    // ... while the gates are pushed to make it fail, up to chance (log k nats).
                    var ce = nn.functional.cross_entropy(nn.functional.linear(h, readouts[t].W.detach(), readouts[t].B.detach()), target);
                    loss = loss - ce.AtMost(Math.Log(tasks[t].ClassCount)).Times(config.DistractorPenalty / (tasks.Length - 1));
                }
            }
            var pOpen = sigmoid(logAlpha.Minus(Beta * logRatio));                   // P(gate ≠ 0), [units]
            loss = loss.Plus((pOpen * share).sum().Times(lambda));
            loss.backward();
            gateOpt.Step();
            readoutOpt.Step();
            if (progress is not null && step % 20 == 0) progress.Report((double)step / config.Steps);
        }
        progress?.Report(1);
        return logAlpha.detach().data<float>().ToArray().Select(v => (double)v).ToArray();
    }

    private static Tensor SampleGates(Tensor logAlpha, int batch, Generator gen)
    {
        var u = rand(new long[] { batch, logAlpha.shape[0] }, generator: gen).ClampedTo(1e-6, 1 - 1e-6);
        var s = sigmoid((u.log() - u.SubtractedFrom(1).log()).Plus(logAlpha).DividedBy(Beta));
        return s.Times(Zeta - Gamma).Plus(Gamma).ClampedTo(0, 1);
    }
}
