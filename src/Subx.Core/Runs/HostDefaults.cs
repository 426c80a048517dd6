using Subx.Extractors;
using Subx.Extractors.Baselines;
using Subx.Extractors.Policy;
using Subx.Hosts;
using Subx.Hosts.Bert;
using Subx.Observation;
using Subx.Scoring;
using Subx.Training;

namespace Subx.Runs;

/// <summary>Every setting a run takes from the host's kind: the scorer's budget, the extractors', and the SE's.</summary>
/// <param name="Scorer">The budget of every fine-tune an extractor or the SE's training searches with.</param>
/// <param name="Extractors">The extractors' settings.</param>
/// <param name="Se">The SE's training, policy and observation.</param>
/// <param name="JudgeRepeats">Fine-tunes per score when a finished subnet is judged (at least the scorer's own).</param>
public sealed record HostDefaults(ScorerConfig Scorer, ExtractorOptions Extractors, SeRunConfig Se, int JudgeRepeats = 3)
{
    /// <summary>
    /// The budget a finished subnet is judged with (its score on T, its controls, the distractors):
    /// the scorer's, with <see cref="JudgeRepeats"/> fine-tunes per score. On a BERT host that is nine
    /// instead of the search's one: one fine-tune alone is noisy on a few hundred validation rows, and
    /// three still let the same subnet's reward move by 0.04–0.12 between judge seeds
    /// (docs/BENCHMARKS.md, "How much of these margins is the judge's noise").
    /// </summary>
    public ScorerConfig Judge => Scorer with { Repeats = Math.Max(Scorer.Repeats, JudgeRepeats) };

    /// <summary>
    /// The defaults for a host. An MLP zoo gets the records' own defaults (the ones every zoo figure in
    /// docs/BENCHMARKS.md was measured with). A BERT host costs far more per example — a fine-tune of a
    /// 5% MiniLM subnet on 32-token texts takes about a second on 2 cores, against milliseconds on the
    /// zoo — so the budgets shrink: fewer rows per statistic, smaller batches, one repeat per score, a
    /// policy that starts small (5% keep probability, as large subnets cost as much as M itself), and
    /// baselines that train through M (mask) or search (rl-unit) get shorter runs. The figures measured
    /// with these are in docs/BENCHMARKS.md ("Real model").
    /// </summary>
    public static HostDefaults For(IHost host) => host is BertHost ? Text : Zoo;

    /// <summary>
    /// The zoo's defaults: the records' own, except that the SE reads each unit's learned gate and
    /// starts from the gate prior gate(T) − 0.5·mean gate(D), as on a BERT host. On the zoo that
    /// lifted the held-out SE's F1 at its own threshold from 0.80/0.93 to 0.895/0.98 and its zero-shot
    /// reward on mlp4 from 0.64 to 0.70; of λ = 0, 0.5 and 1, 0.5 gave the best rewards at equal size
    /// (docs/BENCHMARKS.md, "The subnet extractor"). The SE's training anneals its learning rate
    /// linearly (<see cref="LearningRateSchedule.Linear"/>): at a constant rate the size it kept at its
    /// own threshold wandered from seed to seed (0.139–0.175 of the unit parameters, held-out F1 on mlp4
    /// 0.72–0.98 over seeds 0–4); annealed, it stays near the truth's (docs/BENCHMARKS.md, "Annealing
    /// the learning rate"). Continued training and rl-unit keep <see cref="ExtractorOptions.Train"/>'s
    /// constant rate.
    /// </summary>
    public static HostDefaults Zoo { get; } = new(new ScorerConfig(), new ExtractorOptions(), SeRunConfig.Default with
    {
        Train = new TrainConfig { LearningRateSchedule = LearningRateSchedule.Linear },
        Policy = new PolicyConfig { GatePrior = 1, GatePriorDistractors = 0.5 },
        Observation = new ObservationConfig { Gates = new MaskConfig() },
    }, JudgeRepeats: ZooJudgeRepeats);

    /// <summary>
    /// Fine-tunes per score when a finished zoo subnet is judged. Three (the search's) put the SE 0.004
    /// behind the best baseline on three tasks, with one sign over five training seeds since every seed
    /// met the same three judge seeds; sixty fine-tunes on other seeds put the same subnets' margins at
    /// −0.001 to +0.003 (docs/BENCHMARKS.md, "Equal size on the zoo: the judge's noise and the
    /// headroom"). A zoo fine-tune costs about 10 ms, so sixty of each score add a few minutes to a bench.
    /// </summary>
    public const int ZooJudgeRepeats = 60;

    /// <summary>
    /// RL on a BERT host: 40 iterations of 6 subnets against 2 distractors (about 10 minutes on 2 cores),
    /// at a thirtieth of the zoo's learning rate: the policy starts at the gate prior and RL learns a
    /// residual. One noisy fine-tune per sample carries little signal, and Adam's steps are as long
    /// for noise as for signal: at 3e-3 forty steps undid the prior (afinn_sign: 0.287 reward
    /// untrained, 0.182 trained), and at 3e-4 the held-out SEs still fell below their prior on
    /// spam_ham and stopword_vs_content (docs/BENCHMARKS.md, "The gate prior").
    /// </summary>
    private static TrainConfig TextTrain => new() { Iterations = 40, GroupSize = 6, Distractors = 2, CheckpointEvery = 5, LearningRate = 1e-4 };

    /// <summary>The learned mask on a BERT host: 100 steps of 32 examples from at most 2000 rows.</summary>
    private static MaskConfig TextMask => new() { Steps = 100, BatchSize = 32, MaxRows = 2000 };

    /// <summary>The defaults for BERT hosts and text tasks.</summary>
    public static HostDefaults Text { get; } = new(
        // MaxBatch 2: every model of a batch computes the head slots of the one with the most heads,
        // which on 32-token texts cost more than batching saves (measured: 1.13 s a fine-tune in
        // batches of 12, 0.80 s in batches of 2; single words 0.27 s either way).
        new ScorerConfig { Steps = 10, BatchSize = 32, Repeats = 1, MaxTrain = 2000, MaxValidation = 300, ValidationChunk = 64, MaxBatch = 2 },
        new ExtractorOptions
        {
            Train = TextTrain,
            MaxRows = 512,
            RlUnitIterations = 10,
            // The SE's continued training on T gets rl-unit's budget: the same number of fine-tunes (and its check's 32),
            // at the SE's own training rate (one noisy fine-tune per sample: larger steps undo the prior).
            ContinueIterations = 10,
            BudgetLearningRate = TextTrain.LearningRate,
            Mask = TextMask,
        },
        new SeRunConfig(
            TextTrain,
            new PolicyConfig { InitialKeepProbability = 0.05, GatePrior = 1, GatePriorDistractors = 0.5 },
            // The SE reads each unit's learned-gate importance, trained as the mask baseline trains.
            new ObservationConfig { MaxRows = 512, Gates = TextMask }),
        JudgeRepeats: 9);
}
