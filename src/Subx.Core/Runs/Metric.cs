namespace Subx.Runs;

/// <summary>
/// The names of a run's per-iteration metrics, as <c>metrics.jsonl</c>, <c>metrics.csv</c> and the
/// TensorBoard event file carry them (cleanrl's grouping: <c>charts/</c>, <c>reward/</c> for each term
/// of R, <c>losses/</c>, and <c>truth/</c> where the truth is known). One list, so the trainer that
/// writes them and the CLI and reports that read them cannot drift apart.
/// </summary>
public static class Metric
{
    /// <summary>The iteration, from 1 (the TensorBoard step).</summary>
    public const string Iteration = "iteration";
    /// <summary>The iteration's target task.</summary>
    public const string Task = "task";
    /// <summary>Mean reward R of the iteration's samples.</summary>
    public const string Reward = "charts/reward";
    /// <summary>Best reward among the iteration's samples.</summary>
    public const string RewardMax = "charts/reward_max";
    /// <summary>Mean score on T.</summary>
    public const string ScoreT = "reward/score_t";
    /// <summary>Mean of the distractors' mean score.</summary>
    public const string ScoreDistractors = "reward/score_distractors";
    /// <summary>Mean a·mean score(D_i).</summary>
    public const string DistractorTerm = "reward/distractor_term";
    /// <summary>Mean b·|subnet|.</summary>
    public const string SizeTerm = "reward/size_term";
    /// <summary>Mean overlap: the share of the host's unit parameters a sample keeps that another task's archived subnet also keeps.</summary>
    public const string Overlap = "reward/overlap";
    /// <summary>Mean c·overlap.</summary>
    public const string OverlapTerm = "reward/overlap_term";
    /// <summary>Mean sampled size, as a fraction of the unit parameters.</summary>
    public const string Size = "charts/size";
    /// <summary>The size penalty b at the iteration.</summary>
    public const string SizePenalty = "charts/size_penalty";
    /// <summary>Mean entropy of the policy's unit distributions.</summary>
    public const string Entropy = "charts/entropy";
    /// <summary>The policy's learning rate at the iteration.</summary>
    public const string LearningRate = "charts/learning_rate";
    /// <summary>The logit offset that held the samples at the size budget (0 without one).</summary>
    public const string LogitOffset = "charts/logit_offset";
    /// <summary>The policy-gradient loss.</summary>
    public const string PolicyLoss = "losses/policy_loss";
    /// <summary>ROC-AUC of the policy's logits against the truth (zoo tasks).</summary>
    public const string TruthAuc = "truth/auc";
    /// <summary>F1 of the units with positive logits against the truth (zoo tasks).</summary>
    public const string TruthF1 = "truth/f1";
    /// <summary>Wall-clock time the line was written, Unix seconds.</summary>
    public const string Time = "time";

    /// <summary>
    /// Iterations a run's final mean reward is averaged over (the `train` summary line and the report): one
    /// iteration is one task's group, too noisy alone.
    /// </summary>
    public const int FinalWindow = 10;

    /// <summary>Every metric, in <c>metrics.csv</c>'s column order.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Iteration, Task, Reward, RewardMax, ScoreT, ScoreDistractors, DistractorTerm, SizeTerm, Overlap, OverlapTerm,
        Size, SizePenalty, Entropy, LearningRate, LogitOffset, PolicyLoss, TruthAuc, TruthF1, Time,
    ];
}
