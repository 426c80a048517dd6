using Subx.Training;

namespace Subx.Extractors;

/// <summary>Settings some extractors need beyond the request: variants are settings, not subclasses.</summary>
public sealed record ExtractorOptions
{
    /// <summary>`se`: the run folder of a trained policy (checkpoint.safetensors).</summary>
    public string? PolicyDir { get; init; }
    /// <summary>`se`: RL iterations of continued training on T before extracting (0 = zero-shot, one forward pass).</summary>
    public int ContinueIterations { get; init; } = 0;
    /// <summary>
    /// `se`: Adam step size of continued training on T when the request has a size budget. Its samples
    /// then vary around that size, so only the ranking learns, and a zoo takes a step of 1e-2: a
    /// hundred iterations on mlp1 left its subnet 0.016 behind attribution's at the SE's 3e-3, 0.004 at
    /// 1e-2 and 0.020 at 3e-2 (docs/BENCHMARKS.md, "Equal size on the zoo"). Without a budget,
    /// continued training keeps <see cref="Train"/>'s rate, which also sets how far the size the SE
    /// keeps at its own threshold moves.
    /// </summary>
    public double BudgetLearningRate { get; init; } = 1e-2;
    /// <summary>
    /// `se` with continued training: job seeds of the validation that compares the continued subnet
    /// with the zero-shot one (each scored with the scorer's repeats on T and every distractor, on
    /// seeds neither training nor the judge uses; <see cref="Policy.ContinueCheck"/>).
    /// </summary>
    public int ContinueCheckSeeds { get; init; } = 4;
    /// <summary>
    /// `se`: how many learned-gate fits on each of T and the distractors its observation averages
    /// (<see cref="Observation.ObservationBuilder"/>'s gate fits): 1 is the one fit the mask baseline
    /// makes; more give a steadier estimate at that many times the gates' cost.
    /// </summary>
    public int GateFits { get; init; } = 1;
    /// <summary>`rl-unit`: RL iterations of its per-task search.</summary>
    public int RlUnitIterations { get; init; } = 100;
    /// <summary>`rl-unit`: Adam step size of its free per-unit logits (the SE's network uses <see cref="TrainConfig.LearningRate"/>).</summary>
    public double RlUnitLearningRate { get; init; } = 0.03;
    /// <summary>`correlation`, `attribution`: train rows read per task at most (a seeded sample when there are more).</summary>
    public int MaxRows { get; init; } = 2000;
    /// <summary>`mask`: the learned mask's settings.</summary>
    public Baselines.MaskConfig Mask { get; init; } = new();
    /// <summary>The RL settings used by `rl-unit` and by the SE's continued training (iterations come from the fields above).</summary>
    public TrainConfig Train { get; init; } = new();
}
