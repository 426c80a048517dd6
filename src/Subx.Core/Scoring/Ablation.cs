namespace Subx.Scoring;

/// <summary>What a knocked-out unit writes in place of its output.</summary>
public enum Ablation
{
    /// <summary>
    /// Its mean output on the task's own train rows, on intact M (mean-ablation, as much circuit work
    /// ablates); on a BERT, its mean at the token's role (<see cref="Hosts.IHost.MeanOutputs"/>).
    /// </summary>
    Mean,

    /// <summary>
    /// What it writes on intact M on another row of the task: a train row drawn for each row read, the same
    /// donor for every unit of that row (resample-ablation, as causal scrubbing resamples); on a
    /// BERT, by token role, from the donor's own tokens of that role.
    /// </summary>
    Resample,

    /// <summary>Zero (zero-ablation): harsher, since a unit's typical output is gone too, not only what it says about the example.</summary>
    Zero,
}
