using System.Text.Json.Serialization;
using Subx.Rewards;

namespace Subx.Training;

/// <summary>How the size penalty b moves over training (the proposal: "increase b over time").</summary>
public enum SizePenaltySchedule
{
    /// <summary>b stays at the reward's size penalty.</summary>
    Constant,
    /// <summary>b moves linearly from the reward's size penalty to <see cref="TrainConfig.FinalSizePenalty"/>.</summary>
    Linear,
    /// <summary>b moves geometrically from the reward's size penalty to <see cref="TrainConfig.FinalSizePenalty"/>.</summary>
    Exponential,
}

/// <summary>How the policy's learning rate moves over training.</summary>
public enum LearningRateSchedule
{
    /// <summary>The learning rate stays at <see cref="TrainConfig.LearningRate"/>.</summary>
    Constant,
    /// <summary>
    /// The learning rate falls linearly from <see cref="TrainConfig.LearningRate"/> at the first
    /// iteration to 1/<see cref="TrainConfig.Iterations"/> of it at the last (cleanrl's anneal_lr).
    /// </summary>
    Linear,
}

/// <summary>Reinforcement learning of a subnet policy (cleanrl-style: every knob here, with its meaning).</summary>
public sealed record TrainConfig
{
    /// <summary>Policy updates to run (in total, counting those before a resume).</summary>
    public int Iterations { get; init; } = 150;
    /// <summary>Subnets sampled per iteration (G); each is scored on T and every distractor.</summary>
    public int GroupSize { get; init; } = 8;
    /// <summary>Distractors drawn per iteration from the other tasks of the pool (n).</summary>
    public int Distractors { get; init; } = 2;
    /// <summary>Adam step size of the policy (at the first iteration, under a schedule).</summary>
    public double LearningRate { get; init; } = 3e-3;
    /// <summary>
    /// How the step size moves over the iterations. Constant is left out of the JSON, so the policy
    /// cache's hashes of runs made before the option existed still hold.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public LearningRateSchedule LearningRateSchedule { get; init; } = LearningRateSchedule.Constant;
    /// <summary>Weight of the mean per-unit Bernoulli entropy added to the objective (keeps exploring).</summary>
    public double EntropyBonus { get; init; } = 0.005;
    /// <summary>PPO-style clipped updates per iteration on the same samples; 0 is plain REINFORCE (one update).</summary>
    public int PpoEpochs { get; init; } = 0;
    /// <summary>PPO's clip range on the probability ratio of a whole subnet's per-unit log-probability.</summary>
    public double ClipRange { get; init; } = 0.2;
    /// <summary>The reward's weights; b is the starting size penalty of the schedule.</summary>
    public RewardConfig Reward { get; init; } = new();
    /// <summary>How b moves over the iterations.</summary>
    public SizePenaltySchedule Schedule { get; init; } = SizePenaltySchedule.Constant;
    /// <summary>b at the last iteration, for the linear and exponential schedules.</summary>
    public double FinalSizePenalty { get; init; } = 2.0;
    /// <summary>Iteration at which the linear or exponential schedule starts moving b (before it, b stays at its start): lets a policy converge first.</summary>
    public int ScheduleStart { get; init; } = 0;
    /// <summary>
    /// When set, a fraction of the host's unit parameters: each iteration shifts all the policy's logits
    /// by one constant so that a sampled subnet has this expected size, and the policy gradient is taken
    /// under that shifted distribution. RL then explores around the top units a size-budgeted
    /// extraction takes (the bench's and the main job's), not around whatever size the policy's bias
    /// keeps; the size term b·|subnet| barely varies within a group. Null: plain Bernoulli(sigmoid(logit)).
    /// </summary>
    public double? SampleSize { get; init; }
    /// <summary>Write a checkpoint every this many iterations (and at the end).</summary>
    public int CheckpointEvery { get; init; } = 10;
    /// <summary>Seed of every random choice of training (tasks, distractors, samples, scoring seeds).</summary>
    public int Seed { get; init; } = 0;

    /// <summary>
    /// The step size at an iteration (0-based) as a fraction of the first under
    /// <see cref="LearningRateSchedule"/>: it depends on the iteration and <see cref="Iterations"/>
    /// alone, so a resumed run takes the same steps. A run continued with more iterations anneals over
    /// its new total. A fraction, not a rate, because an optimiser may start from a rate of its own
    /// (`rl-unit`'s free logits take a larger one than the SE's network).
    /// </summary>
    public double LearningRateFactor(int iteration) => LearningRateSchedule switch
    {
        LearningRateSchedule.Linear => 1 - Math.Clamp((double)iteration / Iterations, 0, 1 - 1.0 / Iterations),
        _ => 1,
    };

    /// <summary>b at an iteration under the schedule.</summary>
    public double SizePenaltyAt(int iteration)
    {
        double start = Reward.SizePenalty, end = FinalSizePenalty;
        int span = Iterations - 1 - ScheduleStart;
        double f = span <= 0 ? (iteration >= ScheduleStart ? 1 : 0) : Math.Clamp((double)(iteration - ScheduleStart) / span, 0, 1);
        return Schedule switch
        {
            SizePenaltySchedule.Linear => start + (end - start) * f,
            SizePenaltySchedule.Exponential => start <= 0 || end <= 0 ? start + (end - start) * f : start * Math.Pow(end / start, f),
            _ => start,
        };
    }

    /// <summary>Checks every field; throws a <see cref="SubxException"/> naming the first bad one.</summary>
    public void Validate(string where = "train")
    {
        if (Iterations < 1) throw SubxException.Bad(where, "iterations", "at least 1", Iterations.ToString());
        if (GroupSize < 2) throw SubxException.Bad(where, "group size", "at least 2 (the baseline leaves one out)", GroupSize.ToString());
        if (Distractors < 0) throw SubxException.Bad(where, "distractors", "0 or more", Distractors.ToString());
        if (!(LearningRate > 0)) throw SubxException.Bad(where, "learning rate", "a positive number", LearningRate.ToString("G4"));
        if (!(EntropyBonus >= 0)) throw SubxException.Bad(where, "entropy bonus", "0 or more", EntropyBonus.ToString("G4"));
        if (PpoEpochs < 0) throw SubxException.Bad(where, "ppo epochs", "0 or more", PpoEpochs.ToString());
        if (CheckpointEvery < 1) throw SubxException.Bad(where, "checkpoint every", "at least 1", CheckpointEvery.ToString());
        if (ScheduleStart < 0) throw SubxException.Bad(where, "schedule start", "0 or more", ScheduleStart.ToString());
        if (SampleSize is double size && !(size > 0 && size < 1)) throw SubxException.Bad(where, "sample size", "a fraction in (0, 1)", size.ToString("G4"));
        if (FinalSizePenalty < 0) throw SubxException.Bad(where, "final size penalty", "0 or more", FinalSizePenalty.ToString("G4"));
        Reward.Validate(where);
    }
}
