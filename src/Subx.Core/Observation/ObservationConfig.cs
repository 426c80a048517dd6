using Subx.Extractors.Baselines;

namespace Subx.Observation;

/// <summary>What the subnet extractor reads about each unit.</summary>
public sealed record ObservationConfig
{
    /// <summary>Width of the random projections (sketches) of a unit's incoming and outgoing weights.</summary>
    public int SketchWidth { get; init; } = 8;
    /// <summary>Training rows per task read for activation statistics (a seeded sample when there are more).</summary>
    public int MaxRows { get; init; } = 2000;
    /// <summary>Seed of the sketches' projections and of the row samples, and of the gate fits unless a builder is given its own (an extraction's seed). Fixed per trained policy: the SE learned to read these projections.</summary>
    public int Seed { get; init; } = 0;
    /// <summary>
    /// When set, every token also carries the unit's learned-gate importance: the log α of a
    /// hard-concrete mask trained through the host on T (<see cref="MaskExtractor.Fit"/>, these
    /// settings, sparsity <see cref="GateSizePenalty"/>), its mean over the distractors, and their
    /// difference. One gradient-trained gate per unit says more about a transformer's units than
    /// their activations do (docs/BENCHMARKS.md, "Real model"); null leaves them out. Both hosts' defaults
    /// set it (<see cref="Runs.HostDefaults"/>).
    /// </summary>
    public MaskConfig? Gates { get; init; }
    /// <summary>b of the gate training's sparsity penalty (with <see cref="Gates"/>).</summary>
    public double GateSizePenalty { get; init; } = 0.5;
}
